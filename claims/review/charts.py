"""The dashboard's charts, drawn on the server as inline SVG: no JavaScript, no CDN.

Every label goes through format_html, so a username or rating label is escaped like any other text.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW = 26
LABEL_WIDTH = 150
BAR_WIDTH = 320
DEFAULT_COLOUR = "#0a58ca"
LEGEND_SPACING = 160


def bar_chart(
    rows: list[tuple[str, int | float, str | None]], *, title: str, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value, colour) row, with the value written after each bar."""
    biggest = max((value for _, value, _ in rows), default=0) or 1
    height = ROW * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 70
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="17" text-anchor="end">{}</text>'
        '<rect x="{}" y="4" width="{}" height="18" rx="3" fill="{}"><title>{}: {}{}</title></rect>'
        '<text x="{}" y="17" class="value">{}{}</text></g>',
        (
            (
                index * ROW + 4,
                LABEL_WIDTH - 8,
                label,
                LABEL_WIDTH,
                round(BAR_WIDTH * value / biggest) if value else 0,
                colour or DEFAULT_COLOUR,
                label,
                _number(value),
                unit,
                LABEL_WIDTH + (round(BAR_WIDTH * value / biggest) if value else 0) + 6,
                _number(value),
                unit,
            )
            for index, (label, value, colour) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        bars,
    )


def grouped_bar_chart(
    rows: list[dict], *, series: list[tuple[str, str, str]], label_key: str, title: str
) -> SafeString:
    """One group of bars per row (e.g. per person), one bar per series (key, label, colour), with a legend."""
    biggest = max((row[key] for row in rows for key, _, _ in series), default=0) or 1
    group = ROW * len(series) + 10
    legend_height = 24
    height = legend_height + group * len(rows) + 4
    width = max(LABEL_WIDTH + BAR_WIDTH + 70, LEGEND_SPACING * len(series))
    legend = format_html_join(
        "",
        '<g transform="translate({},4)"><rect width="12" height="12" rx="2" fill="{}"></rect>'
        '<text x="16" y="11">{}</text></g>',
        (
            (index * LEGEND_SPACING, colour, label)
            for index, (_, label, colour) in enumerate(series)
        ),
    )
    groups = []
    for index, row in enumerate(rows):
        top = legend_height + index * group
        bars = format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="18" rx="3" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" class="value">{}</text>',
            (
                (
                    LABEL_WIDTH,
                    top + n * ROW + 4,
                    round(BAR_WIDTH * row[key] / biggest),
                    colour,
                    label,
                    row[key],
                    LABEL_WIDTH + round(BAR_WIDTH * row[key] / biggest) + 6,
                    top + n * ROW + 17,
                    row[key],
                )
                for n, (key, label, colour) in enumerate(series)
            ),
        )
        groups.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end">{}</text>{}</g>',
                LABEL_WIDTH - 8,
                top + 17,
                row[label_key],
                bars,
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        legend,
        format_html_join("", "{}", ((g,) for g in groups)),
    )


def _number(value: int | float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
