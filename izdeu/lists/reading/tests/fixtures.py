"""Messy, fictional lists built the way volunteers receive them."""

import hashlib

from openpyxl import Workbook

TITLE = "Список задержанных УП Алмалинского района на 07.01.2022"
HEADER = ["№", "Ф.И.О.", "Дата рождения", "ИИН", "Место содержания", "Статья"]
PEOPLE = [
    ["1", "ЗАГИПАРОВ Нурлан Серикович", "12.03.1992", "920312300451", "УП Алмалинского р-на", "ст. 272 ч. 2"],
    ["2", "Сулейменова Айгерим Болатовна", "05.11.1994", "941105400562", "ИВС ДП г. Алматы", "ст. 272"],
    ["3", "Петров Иван Сергеевич", "30.01.1988", "880130300673", "СИЗО-18", "задержан, обстоятельства уточняются"],
]
SENTENCE = "Родственники ожидают у здания отдела полиции с утра, информации о задержанных нет."


def police_list_text(delimiter: str = ";") -> str:
    """A police station list as Excel saves it: title block, blank line, header, rows."""
    lines = [TITLE + delimiter * (len(HEADER) - 1), SENTENCE, "", delimiter.join(HEADER)]
    lines += [delimiter.join(person) for person in PEOPLE]
    return "\r\n".join(lines) + "\r\n"


def chat_paste(count: int = 40) -> str:
    """A list pasted from a messenger: numbered lines in two styles, with a heading."""
    lines = ["Список по УП Алмалинского, кого видели:", ""]
    for number in range(1, count + 1):
        if number % 2:
            lines.append(f"{number}. ЗАГИПАРОВ{number} Нурлан Серикович, 1992 г.р. — УП Алмалинского р-на")
        else:
            lines.append(f"{number}) Сулейменова{number} Айгерім 30 жаста")
    return "\n".join(lines) + "\n"


def detention_workbook(path) -> None:
    """Two sheets (УП and ИВС): title, merged two-row header, a date, a formula, texts like formulas."""
    import datetime

    book = Workbook()
    police = book.active
    police.title = "УП"
    police.append(["Список задержанных УП Алмалинского района"])
    police.append(["№", "ФИО", None, None, "Дата", "Телефон", "Примечание"])
    police.append([None, "Фамилия", "Имя", "Отчество", "рождения", None, None])
    police.merge_cells("B2:D2")
    police.append([1, "Загипаров", "Нурлан", "Серикович", datetime.datetime(1992, 3, 12), "+77015550142", "-"])
    police.append([2, "Сулейменова", "Айгерім", None, datetime.datetime(1994, 11, 5), "@aigerim", "=A2&B2 (текст)"])
    police.append([3, "Петров", "Иван", "Сергеевич", "30.01.1988", None, "переведён", "в ИВС", "7 января"])
    police.append([])
    police.append([4, "Ахметов", "Ерлан", None, 33950, 87015550000.0, 2.5])
    police["G5"].data_type = "s"  # typed as text by a person ('=A2&B2), not a formula
    police["H5"] = "=A2&B2"
    custody = book.create_sheet("ИВС")
    custody.append(["Аты-жөні", "Туған күні", "ЖСН"])
    custody.append(["Серикбаев Дәулет", "1990-02-03", "900203300784"])
    book.save(path)


def random_junk(blocks: int = 128) -> bytes:
    """Reproducible bytes that look random, as a corrupted or mislabelled file would."""
    return b"".join(hashlib.sha256(bytes([i])).digest() for i in range(blocks))
