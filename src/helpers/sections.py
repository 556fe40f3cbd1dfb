"""Whole sections of a report that are shown as one block (notebook 02's SGK employment analysis).

A section that rests on the labelled sample is collapsed under its banner
(:func:`helpers.report.sample_section`): the notebook shows it with one call, and everything
inside comes from the same helpers a notebook cell would call. While the data is the sample, no
cluster flag (strong cluster, three stars) is computed or shown: a flag on synthetic numbers would
read as a finding. Nor is any chart drawn on the sample (issue 15, item 9: the figures of a collapsed
section on synthetic numbers were a third of notebook 02's time): the section keeps its tables and
their readings, the ten largest divisions as a table instead of a bar chart, leaves out the two
sections that only read a chart (portfolio bubble, map), and one sentence
(``economic.sample_no_charts``) says the charts are drawn once the official SGK files are added.
With official SGK data every chart is drawn.
"""

from __future__ import annotations

from helpers import narrative, plots, report, sectors, shocks, text
from helpers.sectors import SectorAnalysis


def employment(analysis: SectorAnalysis, plate: int, name: str, measure: str, start_year: int, end_year: int,
               lang: str = "tr") -> None:
    """Notebook 02's sector analysis of SGK employment (NACE divisions), ``start_year``–``end_year``:
    largest and most specialised divisions, portfolio chart, shift-share, specialisation indices,
    relatedness, cluster flags (official data only), the map, and the data decisions of the analysis.
    Shown collapsed under the sample banner while the data is the sample: its tables and their
    readings, no chart, and not the two sections that read a chart (portfolio, map)."""
    from helpers.sources import geo

    title = sectors.title_column(lang)
    charts = not analysis.is_sample
    with report.sample_section(analysis.is_sample, lang=lang):
        report.caveat(shocks.caveat(plate, start_year, end_year, lang, series="all"))
        if not charts:
            report.note(text.t("economic.sample_no_charts", lang))
        report.section("economic.section.largest", lang, level=3)
        measure_name = text.t(f"measure.{measure}", lang)
        largest = sectors.largest(analysis, plate, 10, lang)
        if charts:
            report.show_figure(plots.barh(largest, measure, "label",
                                          text.t("economic.figure.largest_title", lang, province=name, year=end_year,
                                                 measure=measure_name), is_sample=analysis.is_sample, lang=lang),
                               alt=text.t("economic.figure.largest_alt", lang, province=name, measure=measure_name))
        report.note(narrative.largest(name, largest, measure, end_year, lang))
        if not charts:
            report.show_table(largest[["nace_division", title, measure]], lang=lang)
        specialised = sectors.most_specialised(analysis, plate, 10, lang=lang)
        if charts:
            report.show_figure(plots.barh(specialised, "lq", "label",
                                          text.t("economic.figure.specialised_title", lang, province=name,
                                                 year=end_year),
                                          reference=1.0, is_sample=analysis.is_sample, lang=lang),
                               alt=text.t("economic.figure.specialised_alt", lang, province=name))
        report.note(narrative.specialised(name, specialised, lang))
        report.show_table(specialised[["nace_division", title, measure, "lq", "growth_rate"]],
                          percent=["growth_rate"], lang=lang)

        if charts:  # a section that reads its chart: none on the sample
            report.section("economic.section.bubble", lang, level=3)
            portfolio = sectors.portfolio(analysis, plate, lang)
            report.show_figure(plots.bubble(portfolio, x="lq", y="growth_pct", size=measure, label="nace_division",
                                            x_ref=1.0, y_ref=100 * analysis.national_total_growth,
                                            title=text.t("economic.figure.bubble_title", lang, province=name,
                                                         start=start_year, end=end_year),
                                            xlabel=text.t("economic.figure.bubble_x", lang),
                                            ylabel=text.t("economic.figure.bubble_y", lang),
                                            quadrants=sectors.quadrants(lang), is_sample=analysis.is_sample,
                                            lang=lang),
                               alt=text.t("economic.figure.bubble_alt", lang, province=name))
            report.note(narrative.bubble(name, portfolio, analysis.national_total_growth, lang))

        report.section("economic.section.shift_share", lang, level=3)
        shift = sectors.shift_share_summary(analysis, plate, lang=lang)
        report.note(narrative.shift_share(name, shift["total"], lang))
        report.show_table(shift["by_division"], lang=lang)

        report.section("economic.section.indices", lang, level=3)
        report.note(narrative.specialisation_indices(name, analysis.specialisation, plate, "krugman", lang))
        report.show_table(sectors.specialisation_ranking(analysis, plate), digits=3, lang=lang)

        report.section("economic.section.relatedness", lang, level=3)
        related = sectors.relatedness_view(analysis, plate, 12)
        report.note(narrative.relatedness(name, related, lang))
        report.show_table(related, lang=lang)
        if analysis.is_sample:
            report.note(text.t("sample.no_flags", lang, reading=text.reading(lang)))
        else:
            strong, stars = sectors.cluster_flags(analysis, plate, lang)
            report.note(narrative.clusters(name, len(strong), int((stars["stars"] == 3).sum()), lang))
            report.show_table(stars, digits=3, lang=lang)

        if charts:  # the map and its reading: none on the sample
            report.section("economic.section.map", lang, level=3)
            map_values, map_title = sectors.map_values(analysis, plate, lang=lang)
            report.show_figure(plots.choropleth(geo.province_polygons(), map_values, highlight=plate, title=map_title,
                                                cbar_label=text.t("economic.figure.map_label", lang),
                                                is_sample=analysis.is_sample, lang=lang),
                               alt=text.t("economic.figure.map_alt", lang, title=map_title, province=name))
            report.note(narrative.map_reading(name, map_title, map_values, plate, lang))
        report.notes_list(analysis.notes, lang)
