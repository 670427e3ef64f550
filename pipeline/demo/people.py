"""The demo's fictional brand, Marea (a Spanish/Italian lifestyle and swimwear shop), and its fictional people.

Every handle and email is invented; emails use only the reserved example.com/.org/.net domains. Handles are
distinctive (each has an underscore, none is a common word, none is contained in another), so a test can search the
warehouse and the built site for every one of them and prove that no person's identifier survives in clear.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

BRAND_NAME = "Marea"
KEYWORDS: tuple[str, ...] = ("marea",)
BRAND_HANDLES: dict[str, tuple[str, ...]] = {
    "x": ("marea_shop",),
    "instagram": ("marea.shop",),
    "facebook": ("Marea",),
    "linkedin": ("marea",),
}
EMPLOYEES: tuple[str, ...] = ("lucia_at_marea", "marco_at_marea", "ines_at_marea")
PARTNERS: tuple[str, ...] = ("lola_surf_diary", "vale_viaggia_it", "sunny_tides_uk", "nuria_y_el_mar")
BOTS: tuple[str, ...] = (
    "ofertastop_4821",
    "promo_deals_777",
    "gangas_ya_2093",
    "sconti_top_318",
    "bestdeal_x8841",
    "outlet_flash_66",
    "cheap_swim_921",
    "chollos_hoy_47",
)

FANS = 600  # people who talk about the brand (most also buy)
SHOP_ONLY = 2600  # buyers who never post about it: the shop needs ~3,000 distinct customers for ~4,000 orders
PEOPLE_SEED = 91

_FIXED: tuple[tuple[str, str, str, str, str], ...] = (
    ("lucia_at_marea", "lucia.ferrer@example.com", "employee", "es", "Lucía Ferrer"),
    ("marco_at_marea", "marco.bellini@example.com", "employee", "it", "Marco Bellini"),
    ("ines_at_marea", "ines.quintana@example.com", "employee", "es", "Inés Quintana"),
    ("lola_surf_diary", "lola.surfdiary@example.org", "partner", "es", "Lola Ortega"),
    ("vale_viaggia_it", "valentina.viaggia@example.org", "partner", "it", "Valentina Greco"),
    ("sunny_tides_uk", "sunny.tides@example.org", "partner", "en", "Sunny Hart"),
    ("nuria_y_el_mar", "nuria.delmar@example.org", "partner", "es", "Nuria Blasco"),
)
_BOT_LANGUAGES = ("es", "en", "es", "it", "en", "en", "en", "es")

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "es": (
        (
            "lucia",
            "maria",
            "carmen",
            "paula",
            "laura",
            "marta",
            "elena",
            "sara",
            "alba",
            "noelia",
            "nerea",
            "irene",
            "claudia",
            "andrea",
            "cristina",
            "rocio",
            "pablo",
            "javier",
            "sergio",
            "alvaro",
            "diego",
            "adrian",
            "hugo",
            "mario",
            "raul",
            "ivan",
            "jorge",
            "carlos",
            "ainhoa",
            "leire",
            "aitana",
            "oriol",
            "jordi",
            "montse",
        ),
        (
            "garcia",
            "martinez",
            "lopez",
            "sanchez",
            "romero",
            "navarro",
            "torres",
            "dominguez",
            "vazquez",
            "ramos",
            "serrano",
            "molina",
            "blanco",
            "morales",
            "ortega",
            "delgado",
            "castro",
            "ortiz",
            "rubio",
            "marin",
            "sanz",
            "iglesias",
            "nunez",
            "medina",
            "garrido",
            "cortes",
            "castillo",
            "santos",
            "lozano",
            "prieto",
            "mendez",
            "calvo",
            "vidal",
            "herrera",
            "pujol",
            "soler",
            "ferrer",
            "roig",
        ),
    ),
    "it": (
        (
            "giulia",
            "chiara",
            "francesca",
            "valentina",
            "alessia",
            "martina",
            "federica",
            "elisa",
            "silvia",
            "beatrice",
            "aurora",
            "ginevra",
            "marco",
            "luca",
            "matteo",
            "davide",
            "simone",
            "lorenzo",
            "stefano",
            "riccardo",
            "tommaso",
            "edoardo",
            "gabriele",
            "nicola",
        ),
        (
            "rossi",
            "russo",
            "ferrari",
            "esposito",
            "bianchi",
            "romano",
            "colombo",
            "ricci",
            "marino",
            "greco",
            "bruno",
            "gallo",
            "conti",
            "deluca",
            "mancini",
            "costa",
            "giordano",
            "rizzo",
            "lombardi",
            "moretti",
            "barbieri",
            "fontana",
            "santoro",
            "mariani",
            "rinaldi",
            "caruso",
        ),
    ),
    "en": (
        (
            "emma",
            "olivia",
            "amelia",
            "isla",
            "grace",
            "chloe",
            "lily",
            "sophie",
            "freya",
            "poppy",
            "jack",
            "oliver",
            "harry",
            "george",
            "james",
            "thomas",
            "oscar",
            "alfie",
            "archie",
            "henry",
        ),
        (
            "smith",
            "jones",
            "taylor",
            "brown",
            "williams",
            "wilson",
            "johnson",
            "davies",
            "evans",
            "walker",
            "wright",
            "thompson",
            "white",
            "hughes",
            "edwards",
            "green",
            "hall",
            "wood",
            "harris",
            "clarke",
        ),
    ),
}
_LANGUAGES = ("es", "it", "en")
_LANGUAGE_WEIGHTS = (55, 25, 20)
_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Person:
    handle: str
    email: str
    role: str  # employee | partner | fan | customer | bot
    language: str  # es | it | en
    name: str = ""


@cache
def _people() -> tuple[Person, ...]:
    registry = _Registry()
    out = [registry.add(Person(h, e, r, lang, n)) for h, e, r, lang, n in _FIXED]
    out += [
        registry.add(Person(h, f"{h.replace('_', '.')}@example.net", "bot", lang, h))
        for h, lang in zip(BOTS, _BOT_LANGUAGES, strict=True)
    ]
    rng = random.Random(PEOPLE_SEED)
    for role, count in (("fan", FANS), ("customer", SHOP_ONLY)):
        for _ in range(count):
            out.append(registry.add(_invent(rng, role, registry)))
    return tuple(out)


def people() -> list[Person]:
    """Everyone in the demo, always in the same order: employees, partners, bots, fans, shop-only customers."""
    return list(_people())


def by_role(role: str) -> list[Person]:
    return [p for p in _people() if p.role == role]


def _invent(rng: random.Random, role: str, registry: _Registry) -> Person:
    while True:
        language = rng.choices(_LANGUAGES, _LANGUAGE_WEIGHTS)[0]
        firsts, lasts = _NAMES[language]
        first, last = rng.choice(firsts), rng.choice(lasts)
        handle = _handle(rng, first, last)
        email = _email(rng, first, last)
        if len(handle) <= 15 and registry.free(handle, email):
            return Person(handle, email, role, language, f"{first.title()} {last.title()}")


def _handle(rng: random.Random, first: str, last: str) -> str:
    n = rng.randrange(10, 100)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{first}_{last}_{n}"
    if pattern == 1:
        return f"{first}_{last}{n}"
    if pattern == 2:
        return f"{last}_{first}{n % 10}"
    return f"{first[0]}{last}_{rng.randrange(100, 1000)}"


def _email(rng: random.Random, first: str, last: str) -> str:
    domain = rng.choice(_DOMAINS)
    pattern = rng.randrange(3)
    if pattern == 0:
        return f"{first}.{last}{rng.randrange(1, 100)}@{domain}"
    if pattern == 1:
        return f"{first}{last}.{rng.randrange(1960, 2008)}@{domain}"
    return f"{first[0]}.{last}{rng.randrange(100, 10000)}@{domain}"


class _Registry:
    """Keeps handles and emails unique and never contained in one another (so a text search finds exactly one)."""

    def __init__(self) -> None:
        self.handles: set[str] = set()
        self.handle_parts: set[str] = set()  # every substring of every registered handle
        self.locals: set[tuple[str, str]] = set()
        self.local_suffixes: set[tuple[str, str]] = set()

    def free(self, handle: str, email: str) -> bool:
        local, domain = email.split("@")
        if handle in self.handle_parts or any(part in self.handles for part in _substrings(handle)):
            return False
        # Emails have one "@", so one email inside another means: same domain, local part a suffix of the other's.
        if (domain, local) in self.local_suffixes:
            return False
        return not any((domain, local[i:]) in self.locals for i in range(len(local)))

    def add(self, person: Person) -> Person:
        if not self.free(person.handle, person.email):
            raise ValueError(f"demo person {person.handle} collides with another handle or email")
        local, domain = person.email.split("@")
        self.handles.add(person.handle)
        self.handle_parts.update(_substrings(person.handle))
        self.locals.add((domain, local))
        self.local_suffixes.update((domain, local[i:]) for i in range(len(local)))
        return person


def _substrings(text: str) -> list[str]:
    return [text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1)]
