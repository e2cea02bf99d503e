"""Related claims: finding the same claim across outlets, misquotes and earlier fact-checks.

The pipeline reads in order:

- ``normalisation``: turning tweets, headlines and sentences into comparable text and tokens;
- ``scorers``: ranking a set of documents for a query (BM25, embeddings, and both fused);
- ``quotes``: quotations, their speakers, and the word-by-word difference of two quotes;
- ``checkthat``: the CheckThat! 2022 claim-retrieval files and MAP@k, for ``evaluate_matching``;
- ``services`` / ``selectors``: the desk's writes (relations) and reads (related claims, outlet counts).
"""
