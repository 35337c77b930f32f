"""The places of the demo world: Almaty's district police departments, detention centres,
courts, hospitals and the morgue, named in Kazakh, Russian and English.

The institutions are of the kinds that existed in January 2022; the people held in them
are fictional.
"""

from izdeu.demoworld.model import Facility

CITY = "Алматы"

# (key, Russian district adjective, Kazakh district name, English district name, share of detentions)
# Shares lean towards the centre (Алмалы, Медеу, Бостандық), where the square and the akimat are.
DISTRICTS = (
    ("almaly", "Алмалинского", "Алмалы", "Almaly", 0.22),
    ("auezov", "Ауэзовского", "Әуезов", "Auezov", 0.13),
    ("bostandyk", "Бостандыкского", "Бостандық", "Bostandyk", 0.15),
    ("zhetysu", "Жетысуского", "Жетісу", "Zhetysu", 0.10),
    ("medeu", "Медеуского", "Медеу", "Medeu", 0.17),
    ("nauryzbay", "Наурызбайского", "Наурызбай", "Nauryzbay", 0.05),
    ("turksib", "Турксибского", "Түрксіб", "Turksib", 0.08),
    ("alatau", "Алатауского", "Алатау", "Alatau", 0.10),
)

IVS = "ivs_almaty"
SPECIAL_RECEPTION = "spec_almaty"
SIZO = "sizo_la155"
CRIMINAL_COURT = "court_criminal"
ADMINISTRATIVE_COURT = "court_administrative"
DISTRICT_COURT = "court_almaly"
HOSPITALS = ("hospital_gkb4", "hospital_gkb7", "hospital_bsnp", "hospital_gkb1")
MORGUE = "morgue_almaty"


def police_station_key(district: str) -> str:
    return f"up_{district}"


def _police_stations() -> list[Facility]:
    return [
        Facility(
            key=police_station_key(key),
            kind="police_station",
            name_kk=f"Алматы қаласы {kk} ауданының ПБ",
            name_ru=f"УП {ru} района ДП г. Алматы",
            name_en=f"{en} District Police Department, Almaty",
            city=CITY,
            district=f"{kk} ауданы",
        )
        for key, ru, kk, en, _share in DISTRICTS
    ]


def _others() -> list[Facility]:
    return [
        Facility(IVS, "temporary_detention", "Алматы қаласы ПД уақытша ұстау изоляторы",
                 "ИВС ДП г. Алматы", "Temporary detention facility (IVS), Almaty Police Department", CITY),
        Facility(SPECIAL_RECEPTION, "temporary_detention", "Алматы қаласы ПД арнаулы қабылдау орны",
                 "Специальный приёмник ДП г. Алматы",
                 "Special reception centre for administrative arrests, Almaty Police Department", CITY),
        Facility(SIZO, "pretrial_detention", "Алматы қаласы бойынша ҚАЖД ЛА-155/18 мекемесі (ТИ)",
                 "Учреждение ЛА-155/18 ДУИС по г. Алматы (СИЗО)", "Pre-trial detention centre LA-155/18, Almaty", CITY),
        Facility(CRIMINAL_COURT, "court", "Алматы қаласының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты",
                 "Специализированный межрайонный суд по уголовным делам г. Алматы",
                 "Specialised Inter-District Criminal Court, Almaty", CITY),
        Facility(ADMINISTRATIVE_COURT, "court", "Алматы қаласының мамандандырылған ауданаралық әкімшілік соты",
                 "Специализированный межрайонный административный суд г. Алматы",
                 "Specialised Inter-District Administrative Court, Almaty", CITY),
        Facility(DISTRICT_COURT, "court", "Алматы қаласы Алмалы аудандық соты",
                 "Алмалинский районный суд г. Алматы", "Almaly District Court, Almaty", CITY, "Алмалы ауданы"),
        Facility(HOSPITALS[0], "hospital", "№4 қалалық клиникалық аурухана",
                 "Городская клиническая больница №4", "City Clinical Hospital No. 4", CITY),
        Facility(HOSPITALS[1], "hospital", "№7 қалалық клиникалық аурухана",
                 "Городская клиническая больница №7", "City Clinical Hospital No. 7", CITY),
        Facility(HOSPITALS[2], "hospital", "Шұғыл медициналық жәрдем ауруханасы",
                 "Больница скорой неотложной помощи (БСНП)", "Emergency Hospital (BSNP)", CITY),
        Facility(HOSPITALS[3], "hospital", "№1 қалалық клиникалық аурухана",
                 "Городская клиническая больница №1", "City Clinical Hospital No. 1", CITY),
        Facility(MORGUE, "morgue", "ҚР ӘМ Сот сараптамалары орталығының Алматы қалалық филиалы (мәйітхана)",
                 "Филиал Центра судебных экспертиз МЮ РК по г. Алматы (морг)",
                 "Almaty branch of the Centre for Forensic Examinations (city morgue)", CITY),
    ]


def facilities() -> list[Facility]:
    return _police_stations() + _others()


def short_name(facility: Facility) -> str:
    """The name volunteers use in file names and notes: "УП Алмалинского района"."""
    return facility.name_ru.split(" ДП ")[0].split(" ДУИС ")[0]
