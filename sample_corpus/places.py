"""Where the invented departments sit: real provinces, invented cities and counties.

Provinces are real so region look-ups in the warehouse resolve; the city and county
names are made up so nobody mistakes a generated figure for a real department's.
"""

from __future__ import annotations

# (province, two-digit administrative code prefix used in project codes)
PROVINCES: list[tuple[str, str]] = [
    ("四川省", "51"),
    ("山西省", "14"),
    ("湖南省", "43"),
    ("浙江省", "33"),
    ("江西省", "36"),
    ("湖北省", "42"),
    ("河南省", "41"),
    ("安徽省", "34"),
    ("福建省", "35"),
    ("贵州省", "52"),
    ("云南省", "53"),
    ("陕西省", "61"),
    ("甘肃省", "62"),
    ("山东省", "37"),
    ("江苏省", "32"),
    ("河北省", "13"),
    ("广西壮族自治区", "45"),
    ("吉林省", "22"),
]

CITIES: list[str] = [
    "云岫市", "青岚市", "鹤汀市", "枫岭市", "澄川市", "望舒市", "岚泽市", "沅汐市",
    "星澜市", "翠微市", "桐川市", "溪桥市", "瑶光市", "玉衡市", "霁川市", "芷澜市",
    "晴川市", "珀江市", "墨阳市", "竹苑市", "梧源市", "杉湖市", "棠溪市", "蓼汀市",
]

COUNTIES: list[str] = [
    "清漪县", "白桦县", "青萝县", "石砚县", "茗溪县", "月湾县", "松岚县", "柳汀县",
    "杏坪县", "苇塘县", "临澜区", "湖心区", "栖云区", "南浦区", "北麓县", "鹿鸣县",
    "桃堰县", "荻港区", "雁回县", "槐荫区",
]
