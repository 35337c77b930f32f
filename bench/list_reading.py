"""How fast list files are read: a 100,000-row Windows-1251 CSV, a 20,000-row XLSX and a
200,000-row XLSX, streamed row by row as the import will read them (the import's own targets come
with it). The 200,000-row XLSX is read in a fresh process of its own, so its peak memory is the
reading's alone (with the interpreter and openpyxl), not the benchmark's."""

import datetime as dt
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from izdeu.lists.reading import stream
from izdeu.lists.values import check_digit

HEADER = ["№", "ФИО", "Дата рождения", "ИИН", "Место содержания", "Статья"]


def _valid_iin(born: dt.date, serial: int) -> str:
    """An IIN that passes the check digit, for a man born on ``born`` (3: the 1900s, 5: the 2000s)."""
    century = 3 if born.year < 2000 else 5
    while True:
        first11 = f"{born:%y%m%d}{century}{serial % 10000:04d}"
        if (digit := check_digit(first11)) is not None:
            return f"{first11}{digit}"
        serial += 1


def _row(number: int) -> list:
    born = dt.date(1970, 1, 1) + dt.timedelta(days=number % 12000)
    return [number, f"Загипаров{number} Нурлан Серикович", f"{born:%d.%m.%Y}", _valid_iin(born, number),
            "УП Алмалинского р-на", "ст. 272"]


def _write_csv(path: Path, rows: int) -> None:
    with open(path, "w", encoding="cp1251", newline="") as f:
        f.write("Список задержанных УП Алмалинского района на 07.01.2022\r\n" + ";".join(HEADER) + "\r\n")
        for number in range(1, rows + 1):
            f.write(";".join(str(cell) for cell in _row(number)) + "\r\n")


def _write_xlsx(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("УП")
    sheet.append(HEADER)
    for number in range(1, rows + 1):
        sheet.append(_row(number))
    workbook.save(path)


def _measure(path: Path) -> dict:
    started = time.perf_counter()
    result = stream(path, path.name, 10**9)
    rows = sum(1 for table in result.tables for _row in table.iter_rows())
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
            "encoding": result.encoding}


def _measure_alone(path: Path) -> dict:
    figures = _measure(path)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def _in_fresh_process(path: Path) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure_alone, (path,))


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = Path(folder) / "up_almaly.csv", Path(folder) / "up_almaly.xlsx"
        _write_csv(csv_path, 100_000)
        _write_xlsx(xlsx_path, 20_000)
        figures = {"csv_cp1251_100k": _measure(csv_path), "xlsx_20k": _measure(xlsx_path)}
        big_path = Path(folder) / "up_almaly_200k.xlsx"
        _write_xlsx(big_path, 200_000)
        figures["xlsx_200k"] = _in_fresh_process(big_path) | {"file_mb": round(big_path.stat().st_size / 2**20, 1)}
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures
