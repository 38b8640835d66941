"""Write the YouTube part of the corpus of real shapes (``tests/fixtures/exports/real/youtube``).

Each account folder reproduces one shape of a genuine YouTube Studio download seen in a
public repository (``tests/fixtures/exports/README.md`` says where): the exact header
text (soft hyphens included), the Total row and truncation-note lines, the quoting, the
line ends and the zip layout. The values are our own: every row below was written for
this corpus, and each file's Total row is the sum of its rows, so that the marts' values
can be worked out by hand (``tests/real_exports/test_youtube.py``).

Genuine Studio CSVs have no byte-order mark, LF line ends, a final newline and minimal
quoting; CRLF, a missing final newline, padded notes and re-typed dates are spreadsheet
re-saves and appear only in the shapes that are such. Zips are written like Studio's:
members at the root, deflated, named in the user's language, stamped with the download
time. The lifetime files of ``yt-table-en-wide-engaged-views`` (every day since
2007-04-01) are generated, zeros before the channel's first day.

Run ``.venv/bin/python tests/real_exports/make_youtube_fixtures.py`` after changing a
value here, and commit the files it writes with it (the output is byte-for-byte stable).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "real" / "youtube"
SHY = "\u00ad"  # soft hyphen, as German Studio writes it inside every header cell


def lf(*lines: str) -> bytes:
    """A Studio CSV: LF, final newline."""
    return ("\n".join(lines) + "\n").encode("utf-8")


def crlf(*lines: str, final_newline: bool = True) -> bytes:
    """A spreadsheet re-save: CRLF, with or without a final line end."""
    return ("\r\n".join(lines) + ("\r\n" if final_newline else "")).encode("utf-8")


def studio_zip(members: dict[str, bytes], downloaded: tuple[int, int, int, int, int, int]) -> bytes:
    """A Studio download: members at the root, deflated, MS-DOS attributes, download time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=downloaded)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            archive.writestr(info, data)
    return buffer.getvalue()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def by_day(first: date, values: list, *cells: str) -> list[str]:
    """``<ISO date>,<cells...>,<value>`` lines, one per value, from ``first`` on (``cells``:
    the columns between the date and the metric, written as they are)."""
    return [
        ",".join([str(first + timedelta(days=n)), *cells, str(value)])
        for n, value in enumerate(values)
    ]


PT_TABLE_LIFETIME = (
    "Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,Visualizações,"
    "Tempo de exibição (horas),Inscritos,Impressões,Taxa de cliques de impressões (%)"
)
PT_TABLE_365D = (
    "Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,Visualizações,"
    "Tempo de exibição (horas),Inscritos,Duração média da visualização,Impressões,"
    "Taxa de cliques de impressões (%)"
)
PT_CHART = "Data,Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,Visualizações"
EN_BASIC_TABLE = (
    "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
    "Impressions,Impressions click-through rate (%)"
)


def download_zip() -> dict[str, bytes]:
    """yt-download-zip: two Portuguese Studio zips of one channel. The lifetime one (from the
    channel's first day) has a header-only chart and the truncation note; the 7-day one
    lists older videos too (their views over the window only). End dates are exclusive."""
    channel = "Escola Aurora de Música"
    lifetime_total = [0, 0, 41, 96, 150, 133, 120, 98, 187, 210, 176, 140, 131, 128, 120]
    lifetime = studio_zip(
        {
            "Dados da tabela.csv": lf(
                PT_TABLE_LIFETIME,
                "Total,,,,1730,61.2417,23,15400,6.1",
                'aZk3Lm9Qx1T,"Aula 1: escalas, arpejos","Apr 3, 2025",912,1210,44.8125,17,9800,7.35',
                ' -aZp0Rt7Wv2,Ensaio aberto,"Apr 9, 2025",1805,520,16.4292,6,5600,4.2',
                "Mostrando os primeiros 500 resultados",
            ),
            "Dados do gráfico.csv": lf(PT_CHART),
            "Total.csv": lf("Data,Visualizações", *by_day(date(2025, 4, 1), lifetime_total)),
        },
        (2025, 4, 16, 5, 39, 30),
    )
    week = date(2025, 5, 26)
    recital = [0, 0, 88, 301, 210, 160, 115]
    lesson = [47, 52, 40, 39, 44, 41, 38]
    rehearsal = [20, 21, 19, 22, 20, 21, 20]  # not in the chart (Studio charts its top videos)
    seven_days = studio_zip(
        {
            "Dados da tabela.csv": lf(
                PT_TABLE_365D,
                "Total,,,,1318,40.0917,9,0:01:50,11200,5.4",
                'aZw5Yh2Nc8D,Recital de maio,"May 28, 2025",2410,874,31.2467,7,0:02:08,7300,6.85',
                'aZk3Lm9Qx1T,"Aula 1: escalas, arpejos","Apr 3, 2025",912,301,6.1019,2,0:01:13,2900,3.9',
                ' -aZp0Rt7Wv2,Ensaio aberto,"Apr 9, 2025",1805,143,2.7431,0,0:01:09,1000,2.1',
            ),
            "Dados do gráfico.csv": lf(
                PT_CHART,
                *by_day(week, recital, "aZw5Yh2Nc8D", "Recital de maio", '"May 28, 2025"', "2410"),
                *by_day(
                    week,
                    lesson,
                    "aZk3Lm9Qx1T",
                    '"Aula 1: escalas, arpejos"',
                    '"Apr 3, 2025"',
                    "912",
                ),
            ),
            "Total.csv": lf(
                "Data,Visualizações",
                *by_day(week, [sum(v) for v in zip(recital, lesson, rehearsal, strict=True)]),
            ),
        },
        (2025, 6, 2, 6, 26, 22),
    )
    return {
        f"yt-download-zip/2025-04-16/Conteúdo 2025-04-01_2025-04-16 {channel}.zip": lifetime,
        f"yt-download-zip/2025-06-02/Conteúdo 2025-05-26_2025-06-02 {channel}.zip": seven_days,
    }


def english_tables() -> dict[str, bytes]:
    """Table data.csv column sets of several Studio generations, each landed with the
    Totals.csv of its download (which gives the window its values cover)."""
    return {
        "yt-table-en-basic/2025-09-01/Table data.csv": lf(
            EN_BASIC_TABLE,
            "Total,,,,6342,198.4031,41,71203,4.62",
            'bQ1rT5uW9xA,Trail run #shorts,"Aug 27, 2025",38,4120,21.5529,27,52000,5.1',
            ' -bQ7yU3iO5p,Bike fitting explained,"Aug 29, 2025",744,1503,160.2667,12,16000,3.88',
            'bQ9pO1iU3yT,Spring recap,"Jun 2, 2025",301,702,15.8235,2,3100,2',
            "bQ2sD4fG6hJ,Old upload,,300,17,0.76,0,100,16.67",
            'bQ8kL0zX2cV,Teaser,"Aug 26, 2025",95,,,,3,0',
            'bQ3vB5nM7qW,Behind the scenes,"Aug 30, 2025",120,0,0,0,0,',
        ),
        "yt-table-en-basic/2025-09-01/Totals.csv": lf(
            "Date,Views", *by_day(date(2025, 8, 25), [210, 190, 1480, 1720, 1130, 905, 707])
        ),
        "yt-table-en-6col-2022/2022-11-30/Table data.csv": lf(
            "Content,Video title,Video publish time,Views,Watch time (hours),Subscribers",
            "Total,,,3310,96.441,19",
            'cR4tY6uI8oP,"Cooking rice, three ways","Nov 24, 2022",2480,80.1177,15',
            ' -cR0aS2dF4gH,Knife skills,"Nov 27, 2022",830,16.3233,4',
        ),
        "yt-table-en-6col-2022/2022-11-30/Totals.csv": lf(
            "Date,Views", *by_day(date(2022, 11, 23), [0, 310, 502, 601, 790, 655, 452])
        ),
        "yt-table-en-shorts-15col/2024-04-25/Table data.csv": lf(
            "Content,Video title,Video publish time,New viewers,Returning viewers,Likes,"
            "Subscribers gained,Shown in feed,Viewed (vs. swiped away) (%),"
            "Average percentage viewed (%),Views,Watch time (hours),Subscribers,Impressions,"
            "Impressions click-through rate (%)",
            "Total,,,0,0,415,37,61200,41.3,95.2,14650,45.2041,33,3900,4.4",
            'dS5fG7hJ9kL,Sunset timelapse #shorts,"Apr 19, 2024",,,390,35,61200,41.3,273.8,14200,38.0158,32,2100,2.9',
            'dS1zX3cV5bN,How I edit my timelapses,"Apr 21, 2024",,,25,2,0,,46.5,450,7.1883,1,1800,6.2',
        ),
        "yt-table-en-shorts-15col/2024-04-25/Totals.csv": lf(
            "Date,Views", *by_day(date(2024, 4, 18), [0, 2100, 5300, 3900, 1850, 1000, 500])
        ),
        "yt-table-en-stayed-to-watch-revenue/2025-03-01/Table data.csv": lf(
            "Content,Video title,Video publish time,Duration,Stayed to watch (%),Unique viewers,"
            "Average views per viewer,New viewers,Returning viewers,Casual viewers,Engaged views,"
            "Average view duration,Average percentage viewed (%),Views,Watch time (hours),"
            "Subscribers,Estimated revenue (USD),Impressions,Impressions click-through rate (%)",
            "Total,,,,68.2,0,0,0,0,0,5310,0:03:05,24.1,5480,281.0604,-1,12.347,20400,4.1",
            'fU8wE0rT2yU,Laravel queues in depth,"Feb 23, 2025",1620,,,,,,,2600,0:06:10,19.2,2650,272.3917,3,12.347,15400,4.6',
            ' -fU3cV5bN7mQ,Quick tip: env files #shorts,"Feb 26, 2025",41,71.5,,,,,,2707,0:00:11,27.8,2827,8.6354,-2,,5000,2.7',
            "fU7hJ9kL1zX,Private draft,,45,100,,,,,,3,0:00:40,88.8,3,0.0333,-2,,0,",
        ),
        "yt-table-en-stayed-to-watch-revenue/2025-03-01/Totals.csv": lf(
            "Date,Views", *by_day(date(2025, 2, 22), [0, 410, 880, 720, 1650, 1010, 810])
        ),
        "yt-table-en-28col/2025-07-01/Table data.csv": lf(
            "Content,Video title,Video publish time,Duration,Engaged views,Average view duration,"
            "Average percentage viewed (%),Stayed to watch (%),Unique viewers,Unique reach,"
            "Average views per viewer,New viewers,Returning viewers,Casual viewers,"
            "Regular viewers,Subscribers gained,Subscribers lost,Dislikes,Likes,"
            "Likes (vs. dislikes) (%),Shares,Comments added,Post subscribers,Views,"
            "Watch time (hours),Subscribers,Impressions,Impressions click-through rate (%)",
            "Total,,,,1810,0:00:19,44.3,52.1,1650,2900,1.0970,0,0,0,0,6,1,2,41,95.35,5,7,0,2040,10.7683,5,380,1.6",
            'gV8jK0lZ2xC,Clip: best save #shorts,"Jun 25, 2025",22,1530,0:00:17,77.3,55.0,1402,2410,1.0913,,,,,5,1,2,36,94.74,4,6,0,1720,8.1222,4,300,2',
            'gV4bN6mQ8wE,Clip: last minute goal,"Jun 28, 2025",31,280,0:00:29,61.9,40.2,248,490,1.1290,0,0,,,1,0,0,5,100,1,1,0,320,2.6461,1,80,0',
        ),
        "yt-table-en-28col/2025-07-01/Totals.csv": lf(
            "Date,Views", *by_day(date(2025, 6, 24), [0, 350, 420, 380, 390, 300, 200])
        ),
    }


def engaged_views_lifetime() -> dict[str, bytes]:
    """yt-table-en-wide-engaged-views: 22 columns; Chart data and Totals of the primary
    metric Engaged views over the channel's lifetime, which Studio starts on 2007-04-01."""
    lifetime = days(date(2007, 4, 1), date(2025, 11, 16))
    # The charted video (its title reads like a date): 12 engaged views a day from its
    # publication on 2025-03-14 (248 days, 2976 in all).
    published = date(2025, 3, 14)
    charted = [0 if day < published else 12 for day in lifetime]
    assert sum(charted) == 2976
    # The channel: the charted video, plus the live Q&A's 254 (2 a day from 2025-06-20,
    # 0 on its last two days: 2 x 127 days).
    live = date(2025, 6, 20)
    channel = [
        views + (2 if live <= day < date(2025, 10, 25) else 0)
        for day, views in zip(lifetime, charted, strict=True)
    ]
    assert sum(channel) == 3230
    folder = "yt-table-en-wide-engaged-views/2025-11-17"
    return {
        f"{folder}/Table data.csv": lf(
            "Content,Video title,Video publish time,Duration,Engaged views,Subscribers,"
            "Average percentage viewed (%),Impressions,Impressions click-through rate (%),"
            "Unique viewers,Average views per viewer,Returning viewers,Shares,"
            "Subscribers gained,Subscribers lost,Likes,Dislikes,Likes (vs. dislikes) (%),"
            "Comments added,Views,Watch time (hours),Average view duration",
            "Total,,,,3230,12,38.7,94030,2.3,0,0,0,41,14,2,305,9,97.13,57,4410,61.8842,0:00:50",
            'eT2xC4vB6nM,"May 5, 2020","Mar 14, 2025",245,2976,11,40.2,81000,2.4,,,,39,13,2,290,8,97.32,52,4032,58.2397,0:00:52',
            'eT9aS1dF3gH,Q&A live,"Jun 20, 2025",3600,254,1,31.0,13000,1.9,,,,2,1,0,15,1,93.75,5,378,3.6445,0:00:35',
            'eT7qW9eR1tY,Studio tour,"Jan 8, 2025",150,0,,,30,0,,,,0,0,0,0,0,,0,0,0,',
            'eT6gH8jK0lZ,Channel trailer,"Sep 3, 2024",180' + "," * 18,
        ),
        f"{folder}/Chart data.csv": lf(
            "Date,Content,Video title,Video publish time,Duration,Engaged views",
            *by_day(lifetime[0], charted, "eT2xC4vB6nM", '"May 5, 2020"', '"Mar 14, 2025"', "245"),
        ),
        f"{folder}/Totals.csv": lf(
            "Date,Engaged views",
            *by_day(lifetime[0], channel),
        ),
    }


def german() -> dict[str, bytes]:
    """yt-table-de-softhyphen-2021 (soft hyphens in every header cell, the Gesamt label and
    the truncation note) and yt-table-de-2025 (``Videos`` first, blank titles)."""
    video = f"Vi{SHY}deo"
    title = f"Vi{SHY}deo{SHY}ti{SHY}tel"
    published = f"Ver{SHY}öf{SHY}fent{SHY}li{SHY}chungs{SHY}zeit{SHY}punkt des Vi{SHY}de{SHY}os"
    views = f"Auf{SHY}ru{SHY}fe"
    day = f"Da{SHY}tum"
    week = date(2020, 12, 25)
    shredder = [0, 0, 610, 1100, 900, 700, 590]
    fair = [0, 0, 0, 0, 300, 320, 230]
    maintenance = [60, 58, 59, 57, 60, 58, 58]  # not in the chart
    folder = "yt-table-de-softhyphen-2021/2021-01-01"
    return {
        f"{folder}/Tabellendaten.csv": lf(
            f"{video},{title},{published},{views},Wie{SHY}der{SHY}ga{SHY}be{SHY}zeit (Stun{SHY}den),"
            f"Abon{SHY}nen{SHY}ten,Im{SHY}pres{SHY}sio{SHY}nen,"
            f"Klick{SHY}ra{SHY}te der Im{SHY}pres{SHY}sio{SHY}nen (%)",
            f"Ge{SHY}samt,,,5160,160.7208,6,71000,4.9",
            'hW9kL1zX3cV,Shredder im Einsatz: Holz,"Dec 27, 2020",3900,130.225,8,52000,5.6',
            " -hW5nM7qW9eR,Wartung Teil 2,,410,9.1125,-3,6000,3.1",
            'hW0rT2yU4iO,Messe-Rückblick,"Dec 29, 2020",850,21.3833,1,13000,3.2',
            f"Die 500 be{SHY}sten Er{SHY}geb{SHY}nis{SHY}se wer{SHY}den an{SHY}ge{SHY}zeigt",
        ),
        f"{folder}/Diagrammdaten.csv": lf(
            f"{day},{video},{title},{published},{views}",
            *by_day(week, shredder, "hW9kL1zX3cV", "Shredder im Einsatz: Holz", '"Dec 27, 2020"'),
            *by_day(week, fair, "hW0rT2yU4iO", "Messe-Rückblick", '"Dec 29, 2020"'),
        ),
        f"{folder}/Gesamtwerte.csv": lf(
            f"{day},{views}",
            *by_day(week, [sum(v) for v in zip(shredder, fair, maintenance, strict=True)]),
        ),
        "yt-table-de-2025/2025-10-01/Tabellendaten.csv": lf(
            "Videos,Videotitel,Veröffentlichungszeitpunkt des Videos,Dauer,Likes,"
            "Gewonnene Abonnenten,Verlorene Abonnenten,Impressionen,"
            "Klickrate der Impressionen (%),Aufrufe,Durchschnittliche Wiedergabedauer,"
            "Wiedergabezeit (Stunden)",
            "Gesamt,,,,95,11,1,2637,1.3,15900,0:00:14,61.8333",
            "iX0lZ2xC4vB,,,,88,10,1,2600,1.3,15000,0:00:14,58.3333",
            "iX6mQ8wE0rT,,,,,,,7,0,,,",
            "iX3vB5nM7qW,,,,7,1,0,30,0,900,0:00:14,3.5",
        ),
    }


def portuguese() -> dict[str, bytes]:
    """yt-table-pt (a revenue export: Table, Chart and Totals files as unzipped) and the
    Portuguese engaged-views column set (a Table data renamed by its user)."""
    week = date(2023, 6, 23)
    review = ["0", "4.512", "8.3", "7.1", "6", "5.2", "4"]
    unboxing = ["0", "0", "0", "0", "2.1", "2.09", "1.7"]
    review_title = '"Review: o ""melhor"" fone, testado"'
    return {
        "yt-table-pt/2023-06-30/Dados da tabela.csv": lf(
            "Conteúdo,Título do vídeo,Horário de publicação do vídeo,Visualizações,"
            "Tempo de exibição (horas),Inscritos,Receita estimada (USD),Impressões,"
            "Taxa de cliques de impressões (%)",
            "Total,,,12900,480.1234,95,41.002,150000,7.5",
            f'jY1zX3cV5bN,{review_title},"Jun 24, 2023",9800,401.5,80,35.112,110000,8.1',
            ' -jY7wE9rT1yU,Unboxing rápido,"Jun 27, 2023",3100,78.6234,15,5.890,40000,5.87',
        ),
        "yt-table-pt/2023-06-30/Dados do gráfico.csv": lf(
            "Data,Conteúdo,Título do vídeo,Horário de publicação do vídeo,Receita estimada (USD)",
            *by_day(week, review, "jY1zX3cV5bN", review_title, '"Jun 24, 2023"'),
            *by_day(week, unboxing, " -jY7wE9rT1yU", "Unboxing rápido", '"Jun 27, 2023"'),
        ),
        "yt-table-pt/2023-06-30/Total.csv": lf(
            "Data,Receita estimada (USD)",
            *by_day(week, ["0", "4.512", "8.3", "7.1", "8.1", "7.29", "5.7"]),
        ),
        "yt-table-pt-engaged-views/2025-06-30/Dados da tabela youtube 30-06.csv": lf(
            "Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,"
            "Visualizações intencionais,Duração média da visualização,Continuaram assistindo (%),"
            "Média de visualizações por espectador,Novos espectadores,Espectadores recorrentes,"
            "Visualizações,Tempo de exibição (horas),Inscritos,Impressões,"
            "Taxa de cliques de impressões (%)",
            "Total,,,,2210,0:00:41,61.4,1.21,0,0,2680,30.5211,14,8800,3.9",
            'jE2aS4dF6gH,Tour pelo campus #shorts,"Jun 12, 2025",58,1900,0:00:44,63.0,1.22,,,2300,28.1111,12,7000,4.1',
            'jE8gH0jK2lZ,Matrícula 2025: passo a passo,"May 30, 2025",312,310,0:00:23,,1.18,,,380,2.41,2,1800,3.1',
        ),
    }


def daily_files() -> dict[str, bytes]:
    """Chart data per video, Totals as downloaded, and Totals re-saved by spreadsheets."""
    week = date(2026, 6, 6)
    morning = [0, 0, 0, 540, 700, 480, 380]  # published on the 9th: zero days before
    desk = [30, 35, 38, 33, 32, 36, 34]
    mdy = [(9, 310, 2), (10, 295, 1), (11, 340, 3), (12, 362, 0), (13, 301, -1),
           (14, 288, 2), (15, 275, 1)]  # fmt: skip
    return {
        "yt-chart-data-en/2026-06-13/Chart data.csv": lf(
            "Date,Content,Video title,Video publish time,Duration,Views",
            *by_day(week, morning, "kZ8eR0tY2uI", "Morning routine #shorts", '"Jun 9, 2026"', "14"),
            *by_day(week, desk, "kZ2xC4vB6nM", "Desk setup 2026", '"Jan 15, 2026"', "610"),
        ),
        "yt-chart-data-en/2026-06-13/Table data.csv": lf(
            EN_BASIC_TABLE,
            "Total,,,,2338,40.155,16,30100,3.4",
            'kZ8eR0tY2uI,Morning routine #shorts,"Jun 9, 2026",14,2100,8.1667,15,25000,3.5',
            'kZ2xC4vB6nM,Desk setup 2026,"Jan 15, 2026",610,238,31.9883,1,5100,2.9',
        ),
        "yt-totals-en-iso/2020-09-08/Totals.csv": lf(
            "Date,Views", *by_day(date(2020, 9, 1), [17, 25, 31, 22, 40, 38, 29])
        ),
        "yt-totals-excel-ddmmyyyy-crlf/2025-06-17/Totals.csv": crlf(
            "Date,Views",
            *(
                f"{day:02d}-06-2025,{views}"
                for day, views in zip(
                    range(10, 17), [450, 512, 388, 601, 577, 430, 495], strict=True
                )
            ),
        ),
        "yt-totals-excel-mdy-crlf-2metrics/2022-01-17/Totals.csv": crlf(
            "Date,Views,Subscribers", *(f"1/{day}/2022,{views},{subs}" for day, views, subs in mdy)
        ),
    }


def resaves_and_dimensions() -> dict[str, bytes]:
    """yt-table-resaved-crlf-top500, yt-dimension-tables and yt-pt-resaved."""
    dims = "yt-dimension-tables/2024-12-10"
    week = date(2024, 12, 3)
    subscribed = [210, 190, 205, 230, 198, 220, 187]
    not_subscribed = [400, 385, 410, 395, 420, 405, 390]
    external = [120, 110, 130, 125, 118, 122, 115]
    search = [300, 290, 310, 305, 298, 312, 301]
    return {
        "yt-table-resaved-crlf-top500/2024-12-10/MyChannel_Content.csv": crlf(
            "Content,Video title,Video publish time,Views,Watch time (hours),Subscribers,"
            "Estimated revenue (USD),Average view duration,Impressions,"
            "Impressions click-through rate (%)",
            "oA3cV5bN7mQ,Full episode: river rescue | Season 1,,3,0.0412,0,0.002,0:00:49,2,50",
            'oA9rT1yU3iO,"Storm chasers, part 2 | Full episode","Jun 7, 2020",15400,2100.5133,37,41.118,0:08:11,310000,3.95',
            "Showing top 500 results,,,,,,,,,",
        ),
        f"{dims}/Table data.csv": lf(
            "Geography,Views,Average view duration,Watch time (hours)",
            "Total,4100,0:02:10,148.1667",
            "US,2600,0:02:31,109.1667",
            "GB,900,0:01:40,25",
            "DE,600,0:01:24,14",
            "XX,0,,0",
        ),
        f"{dims}/Subscription_status.csv": lf(
            "Subscription status,Views,Watch time (hours),Average view duration",
            "Total,4250,151.2,0:02:08",
            "Not subscribed,2805,90.1,0:01:56",
            "Subscribed,1445,61.1,0:02:32",
        ),
        f"{dims}/Subscription status_Chart data.csv": lf(
            "Date,Subscription status,Views",
            *by_day(week, subscribed, "Subscribed"),
            *by_day(week, not_subscribed, "Not subscribed"),
        ),
        f"{dims}/Viewer_gender.csv": lf(
            "Viewer gender,Views (%),Average view duration,Average percentage viewed (%),"
            "Watch time (hours) (%)",
            "Female,38.2,0:02:14,41.5,39.9",
            "Male,61.1,0:02:05,39.8,59.4",
            "User-specified,0.7,0:01:50,35.2,0.7",
        ),
        f"{dims}/viewer_age.csv": lf(
            "Viewer age,Views (%),Average view duration,Average percentage viewed (%),"
            "Watch time (hours) (%)",
            "13\u201317 years,4.1,0:01:12,30.5,2.4",
            "18\u201324 years,21.7,0:01:58,38.2,20.6",
            "25\u201334 years,33.9,0:02:20,42.7,36.3",
            "35\u201344 years,22.4,0:02:15,41.1,23.1",
            "45\u201354 years,11.2,0:02:02,39.9,10.9",
            "55\u201364 years,4.9,0:01:49,36.0,4.3",
            "65+ years,1.8,0:01:40,33.3,2.4",
        ),
        f"{dims}/Viewer_Cities.csv": lf(
            "Cities,City name,Views,Watch time (hours),Average view duration",
            "Total,,1480,52.3,0:02:07",
            '0x87c0f7a1d6e3b201:0x3f2e1d0c9b8a7f65,"Springfield, IL, USA",910,33.1,0:02:11',
            '0x4d2b0c9e8f7a6b53:0x9a8b7c6d5e4f3a21,"Portland, OR, USA",570,19.2,0:02:01',
        ),
        f"{dims}/Origem do tráfego 2024-12-03_2024-12-10 Canal Exemplo.zip": studio_zip(
            {
                "Dados da tabela.csv": lf(
                    "Origem do tráfego,Visualizações,Tempo de exibição (horas),"
                    "Duração média da visualização,Impressões,Taxa de cliques de impressões (%)",
                    "Total,2956,101.5432,0:02:04,35000,6.2",
                    "Pesquisa do YouTube,2116,80.2111,0:02:16,35000,6.2",
                    "Externa,840,21.3321,0:01:31,,",
                ),
                "Dados do gráfico.csv": lf(
                    "Data,Origem do tráfego,Visualizações",
                    *by_day(week, external, "Externa"),
                    *by_day(week, search, "Pesquisa do YouTube"),
                ),
                "Total.csv": lf(
                    "Data,Visualizações",
                    *by_day(week, [a + b for a, b in zip(external, search, strict=True)]),
                ),
            },
            (2024, 12, 10, 9, 12, 40),
        ),
        "yt-pt-resaved/2023-03-03/Canal_Visualizacoes.csv": crlf(
            "Data,Visualizações",
            "2023-02-24,84",
            "2023-02-25,131",
            "2023-02-27,97",
            "2023-02-28,210",
            "2023-03-01,491",
            "2023-03-02,134",
            ",",
            "Total,1147",
            final_newline=False,
        ),
        "yt-pt-resaved/2023-03-03/Canal_Inscritos.csv": crlf(
            "Data,Inscritos",
            "2023-02-24,1",
            "2023-02-25,0",
            "2023-02-27,-1",
            "2023-02-28,3",
            "2023-03-01,6",
            "2023-03-02,2",
            "Total,11",
            final_newline=False,
        ),
        "yt-pt-resaved/2023-03-03/Canal_Alcance.csv": crlf(
            "Data,Espectadores únicos",
            "2023-02-24,61",
            "2023-02-25,97",
            "2023-02-27,70",
            "2023-02-28,152",
            "2023-03-01,388",
            "2023-03-02,101",
            "Mostrando os primeiros 500 resultados,",
            final_newline=False,
        ),
    }


def corpus() -> dict[str, bytes]:
    """Every YouTube fixture file: path under ``real/youtube`` -> bytes."""
    files: dict[str, bytes] = {}
    for part in (download_zip, english_tables, engaged_views_lifetime, german, portuguese,
                 daily_files, resaves_and_dimensions):  # fmt: skip
        files.update(part())
    return files


def main() -> None:
    for relative, data in corpus().items():
        path = ROOT / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data):>8}  real/youtube/{relative}")


if __name__ == "__main__":
    main()
