"""Demo content written for Claimdesk: two short articles on one story, in two outlets' styles."""
