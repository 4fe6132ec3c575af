"""Word lists of the synthetic names (Javanese-style, generated combinations; not a list of
real villages or people)."""

from __future__ import annotations

# desa names
PREFIXES = (
    "Sumber", "Karang", "Tegal", "Wono", "Sido", "Banyu", "Sendang", "Kali", "Watu", "Gunung",
    "Jati", "Candi", "Pandan", "Tanjung", "Purwo", "Suko", "Kedung", "Tambak", "Margo", "Bumi",
    "Pucang", "Mojo", "Tirto", "Bangun", "Kebon", "Ngampel", "Gedong",
)
SUFFIXES = (
    "rejo", "sari", "anyar", "mulyo", "harjo", "agung", "asri", "kerto", "wangi", "makmur",
    "luhur", "jati", "arum", "tani", "mukti", "dadi", "rahayu", "sono",
)
STANDALONE = (
    "Ngraho", "Ngawen", "Ngloram", "Ngrandu", "Ngumbul", "Ngelo", "Ngampon", "Nglebur",
    "Ngrejeng", "Kemiri", "Bendo", "Gondang", "Kunden", "Pelem", "Bangsri", "Jetis", "Kauman",
    "Medang", "Getas", "Nglebak", "Temuireng", "Kalangan", "Bogem", "Pojok", "Ngepung", "Klopo",
    "Dukoh", "Gempol", "Kemloko", "Mlaten", "Soko", "Punggur", "Ngrawoh", "Kradenan",
)
#: names kept out of the random pool because they are planted deliberately
PLANTED = ("Karangrejo", "Sumbersari", "Sidomulyo", "Sidorejo", "Sidoharjo", "Wonorejo")
# dusun
DUSUN = (
    "Krajan", "Ngasem", "Kauman", "Jetis", "Gondang", "Pojok", "Ngelo", "Bendo", "Tegalan",
    "Kedungdowo", "Klampok", "Mlaten", "Banaran", "Ngrejo", "Dukuh", "Karanganyar",
    "Kebonagung", "Wangil", "Sumberan", "Ngablak",
)
# persons
MALE_A = ("SU", "SUR", "PAR", "MAR", "WAR", "SAR", "KAS", "TAR", "JU", "SLA", "RU", "TU",
          "DAR", "SAM", "KAR", "WA", "SU", "PAI")
MALE_B = ("MAN", "NO", "TO", "JO", "DI", "MIN", "YONO", "YADI", "WITO", "KIJO", "MADI",
          "PAN", "RDI", "MITO", "RNO")
MALE_MODERN = ("AGUS", "BUDI", "EKO", "JOKO", "WAHYU", "ARIF", "BAMBANG", "SLAMET", "HERU",
               "ANDI", "RIZKY", "FAJAR", "DIMAS", "TEGUH", "BAYU", "YOGI", "IMAM", "AHMAD")
FEMALE_A = ("SU", "PAR", "WAR", "KAS", "TU", "SAR", "MAR", "JUM", "SA", "SU", "RUS")
FEMALE_B = ("MI", "TI", "NI", "YEM", "SIH", "NAH", "YATI", "RTI", "INAH", "IYAH", "WATI")
FEMALE_MODERN = ("SITI", "SRI", "RINI", "ENDANG", "YULI", "DEWI", "RATNA", "INDAH", "FITRI",
                 "LESTARI", "PUTRI", "ANI", "NUR", "WULAN", "LINDA", "EKA")
SECOND_M = ("SANTOSO", "WIBOWO", "SETIAWAN", "PRASETYO", "PURNOMO", "HIDAYAT", "SAPUTRA")
SECOND_F = ("LESTARI", "RAHAYU", "HANDAYANI", "SUSANTI", "WATI", "NINGSIH", "PERTIWI")
#: names with the typographic apostrophe Excel types (U+2019, byte 0x92 in Windows-1252)
APOSTROPHE = ("MA\u2019RUF", "NUR\u2019AINI", "MU\u2019ALIMAH", "JUM\u2019ATI", "SU\u2019UD",
              "KHOIRUN NI\u2019MAH")
PEKERJAAN_HEAD = ("PETANI/PEKEBUN", "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN",
                  "WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "BELUM/TIDAK BEKERJA")
PEKERJAAN_HEAD_P = (0.3, 0.25, 0.15, 0.12, 0.08, 0.05, 0.05)
TEMPAT_LUAR = ("SEMARANG", "SURABAYA", "JAKARTA", "SOLO", "PATI", "NGAWI")
PENDIDIKAN = ("Tidak/Belum Sekolah", "SD/Sederajat", "SMP/Sederajat", "SMA/Sederajat")
