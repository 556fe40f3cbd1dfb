"""Copy the public tables from ../shared/data into data/raw/ and write their provenance sidecars.

Run once when a source is added or updated (``python tools/bundle_raw.py``). The copies are
byte-identical; the sidecars record where each came from (see ../shared/data/README.md).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import paths, provenance  # noqa: E402

ACCESSED = "2026-11-27"
TUIK = "TÜİK (Turkish Statistical Institute, TurkStat)"
TUIK_LICENCE = "TÜİK tables: reuse permitted with citation of the source (TÜİK)"
TUIK_URL = "https://data.tuik.gov.tr"

SOURCES: dict[str, dict] = {
    "tuik/il_gsyh_a10_zincirlenmis_hacim_2004_2023.xls": dict(
        title="İl bazında gayrisafi yurt içi hasıla, A10, zincirlenmiş hacim (GDP by province and A10 activity, chain-linked volume, 2009 prices), 2004–2023",
        producer=TUIK, url=TUIK_URL, obtained_from="dabilci/ANKA-TEKNOFEST, `teknofest tuik/zincir hacim.xls`",
        licence=TUIK_LICENCE,
        notes="81 NUTS-3 + 26 NUTS-2 + 12 NUTS-1 + TR rows. Thousand TL at 2009 prices, index 2009=100, % change. Header on row 4 (0-based 3); each activity is a block of 4 columns (volume, index, change, blank); the region code only on the first year's row."),
    "tuik/il_gsyh_a10_cari_fiyatlarla_2023.xls": dict(
        title="İl bazında gayrisafi yurt içi hasıla, A10, cari fiyatlarla (GDP by province and A10 activity at current prices), 2023",
        producer=TUIK, url=TUIK_URL, obtained_from="dabilci/ANKA-TEKNOFEST, `teknofest tuik/cari fiyatli .xls`",
        licence=TUIK_LICENCE, notes="Thousand TL, current prices, 2023."),
    "tuik/il_nufus_yas_cinsiyet_2007_2024.xls": dict(
        title="İl, yaş grubu ve cinsiyete göre nüfus (population by province, age group and sex, ADNKS), 2007–2024",
        producer=TUIK, url=TUIK_URL, obtained_from="dabilci/ANKA-TEKNOFEST, `teknofest tuik/il yaş cinsiyet nufus.xls`",
        licence=TUIK_LICENCE, notes="Address-based population registration system (ADNKS), 31 December of each year."),
    "tuik/il_istihdam_orani_2022_2024.xls": dict(
        title="İl bazında istihdam oranı (employment rate by province, LFS, with confidence intervals), 2022–2024",
        producer=TUIK, url=TUIK_URL, obtained_from="dabilci/ANKA-TEKNOFEST, `teknofest tuik/istihdam.xls`",
        licence=TUIK_LICENCE, notes="Household Labour Force Survey, persons aged 15+."),
    "tuik/il_issizlik_orani_2022_2024.xls": dict(
        title="İl bazında işsizlik oranı (unemployment rate by province, LFS, with confidence intervals), 2022–2024",
        producer=TUIK, url=TUIK_URL, obtained_from="dabilci/ANKA-TEKNOFEST, `teknofest tuik/işsizlik.xls`",
        licence=TUIK_LICENCE, notes="Household Labour Force Survey, persons aged 15+."),
    "tuik/il_ses_skoru_2023.xls": dict(
        title="İllerin sosyo-ekonomik statü skoru ve SES sınıflarına göre hanehalkı (socio-economic status score of provinces), 2023",
        producer=TUIK, url=TUIK_URL, obtained_from="ahmetarifozden/tuik-pipeline, `downloads/sosyoekonomik/2023/`",
        licence=TUIK_LICENCE, notes=""),
    "tuik/il_ilce_ses_skoru_2023.xls": dict(
        title="İl ve ilçelerin sosyo-ekonomik statü skoru (socio-economic status score by province and district), 2023",
        producer=TUIK, url=TUIK_URL, obtained_from="ahmetarifozden/tuik-pipeline, `downloads/sosyoekonomik/2023/`",
        licence=TUIK_LICENCE, notes=""),
    "tuik/ucretli_calisan_nace_bolum_aylik_2009_2025.xls": dict(
        title="Ücretli çalışan istatistikleri: NACE Rev.2 bölümlerine göre ücretli çalışan sayısı, Türkiye, aylık (paid employees by NACE section, monthly), 2009-01 to 2025-10",
        producer=TUIK, url=TUIK_URL, obtained_from="mertbayram1/sektor-istihdam-analiz, `ucretli calisan istatistikleri.xls`",
        licence=TUIK_LICENCE, notes="Türkiye total only (not by province); raw and seasonally and calendar adjusted series."),
    "tuik/illerde_yasam_endeksi_2015.csv": dict(
        title="İllerde Yaşam Endeksi (well-being index of provinces), 2015: 81 provinces × 43 indicators",
        producer=TUIK, url=TUIK_URL, obtained_from="htastan/TRmaps (MIT), `data/trdata2015.rda`",
        licence=TUIK_LICENCE + "; the TRmaps package is MIT",
        notes="Format conversion: CSV converted from the R data file data/trdata2015.rda; values unchanged."),
    "eurostat/lfst_r_lfe2en2_TR.tsv": dict(
        title="Employment by sex, age, economic activity and NUTS 2 regions (NACE Rev. 2), thousand persons — Turkish rows",
        producer="Eurostat", url="https://ec.europa.eu/eurostat/databrowser/view/lfst_r_lfe2en2/default/table",
        obtained_from="jsollari/EUhackathon2017, `data/lfst_r_lfe2en2.tsv` (Turkish rows kept)",
        licence="Eurostat reuse policy (free reuse with acknowledgement of the source)",
        notes="TR, TR1–TRC and the 26 NUTS-2 regions; NACE section groups; 2008–2015; flags b (break), u (low reliability), c (confidential), ':' (not available)."),
    "trade/il_dis_ticaret_aylik_2013_2020.xlsx": dict(
        title="İllere göre aylık ihracat ve ithalat (exports and imports by province, monthly), 2013 to September 2020, USD/EUR/TL",
        producer="presumably TÜİK / Ministry of Trade (the repository does not name its source)", url=None,
        obtained_from="pjournal/mef04g-rsizlar, `Data/Trading_Data.xlsx`",
        licence="unstated: cite as such",
        notes="No sector breakdown. The 2013 export total ($161.5 bn) matches TÜİK's general trade system. Keeps 'unspecified' and 'confidential' rows."),
    "reference/provinces.csv": dict(
        title="The 81 provinces of Türkiye: plate code, names, ISO 3166-2, NUTS-3/2/1 codes, area, population 2000 and 2014",
        producer="compiled from TÜİK and official lists", url=None,
        obtained_from="emraher/turkeymap (MIT), `data-raw/provinces.csv`", licence="MIT", notes=""),
    "reference/nuts_regions.csv": dict(
        title="Province → NUTS-2 and NUTS-1 codes with Turkish region names",
        producer="compiled", url=None, obtained_from="karci199/VeriAtlas (MIT), `src/veriatlas/data/nuts_tr.csv`",
        licence="MIT", notes=""),
    "reference/nace_rev2_tr.csv": dict(
        title="NACE Rev.2 (İstatistiki Ekonomik Faaliyet Sınıflaması) in Turkish: 21 sections, 88 divisions, 272 groups, 615 classes",
        producer="Eurostat / TÜİK (RAMON export)", url="https://ec.europa.eu/eurostat/ramon/",
        obtained_from="OCA/community-data-files (branch 12.0), `l10n_eu_nace/data/`",
        licence="Eurostat classification, free reuse",
        notes="Records end in \\r while fields contain \\n: read with newline=''."),
    "reference/nace_rev2_en.csv": dict(
        title="NACE Rev.2 in English: 21 sections, 88 divisions, 272 groups, 615 classes",
        producer="Eurostat (RAMON export)", url="https://ec.europa.eu/eurostat/ramon/",
        obtained_from="OCA/community-data-files (branch 12.0), `l10n_eu_nace/data/`",
        licence="Eurostat classification, free reuse",
        notes="Records end in \\r while fields contain \\n. The header row is mislabelled (French); columns are Level, Code, Description, …"),
    "reference/universities.json": dict(
        title="Universities by province with type (state/foundation) and founding year (205 universities)",
        producer="compiled (not an official YÖK file)", url=None,
        obtained_from="alprenkrc/turkiyenin-universiteleri, `data/uni.json`",
        licence="unstated: cite as such", notes="Founding years allow the stock in any year to be rebuilt."),
    "geo/tr_provinces.geojson": dict(
        title="The 81 province polygons of Türkiye (simplified); area_id TR-01…TR-81 = plate code",
        producer="derived from OpenStreetMap (via cihadturhan/tr-geojson)", url="https://www.openstreetmap.org",
        obtained_from="karci199/VeriAtlas (MIT), `public/areas.geojson`",
        licence="MIT (repository); map data © OpenStreetMap contributors, ODbL 1.0",
        notes="Attribution required: © OpenStreetMap contributors."),
}

TIM = "TİM (Türkiye İhracatçılar Meclisi, Turkish Exporters Assembly)"
TIM_URL = "https://tim.org.tr (İhracat Rakamları → İller bazında sektör rakamları)"
TIM_FROM = "senerbah/my-project, `TİM_Datasets/{name}` (commit e849b783a03c04773069d740c7bd763f2666c9ec)"
TIM_LICENCE = "TİM publishes the tables openly without a stated licence: cite TİM"
TIM_TITLE = ("İhracatçı firmaların kanuni merkezleri bazında sektör ihracat performansı (exports by the exporter's "
             "registered province and TİM sector), {period}")
#: The TİM December releases: file name → (period, layout note).
TIM_FILES = {
    "il_sektorihr_01_12_2006.xls": ("January–December 2006", "USD, monthly and total; province blocks with TİM group and sub-group subtotal rows; a first block with a blank province."),
    "il_sektor_ihr_2010.xls": ("January–December 2010", "USD, monthly, no total column; a grand-total row at the bottom."),
    "il_sektor_ihr_12_2011.xls": ("January–December 2011", "USD, monthly sums and TOPLAM, under an Excel-table header row; Tunceli absent."),
    "2012-12-iller-bazinda-sektor-rakamlari.xls": ("2011 and 2012 (December release 2012)", "Thousand USD; GENEL TOPLAM, province total rows then their sector rows; Tunceli absent."),
    "2013-12-iller-bazinda-sektor-rakamlari.xls": ("2012 and 2013 (December release 2013)", "Thousand USD; GENEL TOPLAM, province total rows then their sector rows."),
    "2014-12-iller-bazinda-sektor-rakamlari.xls": ("2013 and 2014 (December release 2014)", "Thousand USD; GENEL TOPLAM, province total rows then their sector rows."),
    **{f"{y}-12-iller-bazinda-sektor-rakamlari.xlsx": (f"{y - 1} and {y} (December release {y})",
       "Thousand USD; period labels over SEKTÖR, ILLER, <year-1>, <year>, DEĞ.; a TOPLAM row per province and a grand TOPLAM.")
       for y in (2015, 2016, 2019, 2020, 2021, 2022, 2023)},
    # named "2017-12" in the archive, but its title says 30.11.2017 and its period 1 OCAK - 30 KASIM: TİM's
    # November release, so it gives no full year (the reader warns and takes nothing from it)
    "2017-12-iller-bazinda-sektor-rakamlari.xlsx": ("January–November 2016 and 2017 (November release 2017, "
                                                    "archived under a December name; no full year)",
                                                    "Thousand USD; period labels over SEKTÖR, ILLER, <year-1>, <year>, "
                                                    "DEĞ.; the periods end on 30 KASIM (November)."),
}
SOURCES.update({
    f"tim/{name}": dict(title=TIM_TITLE.format(period=period), producer=TIM, url=TIM_URL,
                        obtained_from=TIM_FROM.format(name=name), licence=TIM_LICENCE, notes=note,
                        date_accessed="2026-11-29")
    for name, (period, note) in TIM_FILES.items()
})

#: Turkish titles (sidecar field title_tr), shown in Turkish reports (the sample's is written by
#: helpers.sample.generate).
TITLE_TR = {
    "tuik/il_gsyh_a10_zincirlenmis_hacim_2004_2023.xls": "İl bazında gayrisafi yurt içi hasıla, A10, zincirlenmiş hacim (2009 fiyatlarıyla), 2004–2023",
    "tuik/il_gsyh_a10_cari_fiyatlarla_2023.xls": "İl bazında gayrisafi yurt içi hasıla, A10, cari fiyatlarla, 2023",
    "tuik/il_nufus_yas_cinsiyet_2007_2024.xls": "İl, yaş grubu ve cinsiyete göre nüfus (ADNKS), 2007–2024",
    "tuik/il_istihdam_orani_2022_2024.xls": "İl bazında istihdam oranı (HİA, güven aralıklarıyla), 2022–2024",
    "tuik/il_issizlik_orani_2022_2024.xls": "İl bazında işsizlik oranı (HİA, güven aralıklarıyla), 2022–2024",
    "tuik/il_ses_skoru_2023.xls": "İllerin sosyo-ekonomik statü skoru ve SES sınıflarına göre hanehalkı, 2023",
    "tuik/il_ilce_ses_skoru_2023.xls": "İl ve ilçelerin sosyo-ekonomik statü skoru, 2023",
    "tuik/ucretli_calisan_nace_bolum_aylik_2009_2025.xls": "Ücretli çalışan istatistikleri: NACE Rev.2 bölümlerine göre ücretli çalışan sayısı, Türkiye, aylık, 2009-01 – 2025-10",
    "tuik/illerde_yasam_endeksi_2015.csv": "İllerde Yaşam Endeksi, 2015: 81 il × 43 gösterge",
    "eurostat/lfst_r_lfe2en2_TR.tsv": "Cinsiyet, yaş, ekonomik faaliyet (NACE Rev. 2) ve NUTS 2 bölgelerine göre istihdam, bin kişi — Türkiye satırları (Eurostat lfst_r_lfe2en2)",
    "trade/il_dis_ticaret_aylik_2013_2020.xlsx": "İllere göre aylık ihracat ve ithalat, 2013 – Eylül 2020, ABD doları/avro/TL",
    "reference/provinces.csv": "Türkiye'nin 81 ili: plaka kodu, adlar, ISO 3166-2, NUTS-3/2/1 kodları, yüzölçümü, 2000 ve 2014 nüfusu",
    "reference/nuts_regions.csv": "İl → NUTS-2 ve NUTS-1 kodları ve Türkçe bölge adları",
    "reference/nace_rev2_tr.csv": "NACE Rev.2 (İstatistiki Ekonomik Faaliyet Sınıflaması), Türkçe: 21 kısım, 88 bölüm, 272 grup, 615 sınıf",
    "reference/nace_rev2_en.csv": "NACE Rev.2, İngilizce: 21 kısım, 88 bölüm, 272 grup, 615 sınıf",
    "reference/universities.json": "İllere göre üniversiteler, türü (devlet/vakıf) ve kuruluş yılıyla (205 üniversite)",
    "geo/tr_provinces.geojson": "Türkiye'nin 81 il sınırı (sadeleştirilmiş); area_id TR-01…TR-81 = plaka kodu",
}
TIM_TR = {
    "il_sektorihr_01_12_2006.xls": "Ocak–Aralık 2006",
    "il_sektor_ihr_2010.xls": "Ocak–Aralık 2010",
    "il_sektor_ihr_12_2011.xls": "Ocak–Aralık 2011",
    "2017-12-iller-bazinda-sektor-rakamlari.xlsx": "Ocak–Kasım 2016 ve 2017 (Kasım 2017 yayımı, arşivde Aralık adıyla; tam yıl yok)",
}
for y in (2012, 2013, 2014):
    TIM_TR[f"{y}-12-iller-bazinda-sektor-rakamlari.xls"] = f"{y-1} ve {y} (Aralık {y} yayımı)"
for y in (2015, 2016, 2019, 2020, 2021, 2022, 2023):
    TIM_TR[f"{y}-12-iller-bazinda-sektor-rakamlari.xlsx"] = f"{y-1} ve {y} (Aralık {y} yayımı)"
for name, period in TIM_TR.items():
    TITLE_TR[f"tim/{name}"] = f"İhracatçı firmaların kanuni merkezleri bazında sektör ihracat performansı, {period}"
for _rel, _title in TITLE_TR.items():
    if _rel in SOURCES:
        SOURCES[_rel]["title_tr"] = _title


def main(only: str = "") -> None:
    src_root = paths.SHARED / "data"
    for rel, meta in SOURCES.items():
        if only and not rel.startswith(only):
            continue
        src = src_root / rel
        dst = paths.RAW / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if not dst.exists() or provenance.sha256(dst) != provenance.sha256(src):
            shutil.copyfile(src, dst)
        provenance.write_sidecar(dst, date_published=meta.pop("date_published", None),
                                 date_accessed=meta.pop("date_accessed", ACCESSED), **meta)
        print(f"{rel}: {provenance.sha256(dst)[:16]}")


if __name__ == "__main__":
    import sys
    main(sys.argv[1] if len(sys.argv) > 1 else "")
