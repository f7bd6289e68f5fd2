"""Korean and English text analysis for search: rule-based, dependency-free.

A word becomes a *stem*: Korean particles (조사) and the endings of 하다/되다 verbs are
cut off, English words are lower-cased and lose plural and -ing endings. Request fillers
(주세요, 늘려, 필요합니다 …) and English stop words are not topic words. Documents and
queries go through the same rules, so that an imperfect cut is made on both sides alike;
compounds, spacing variants and one-jamo typos are handled when matching (`search.py`):
substrings of the spaced-out text, and edit distance on jamo.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+")
# Within a token, a run of Hangul syllables (with digits) or of other letters (with
# digits) is a word: 방범CCTV is two words, as 방범 CCTV is.
_RUN = re.compile(r"[\uac00-\ud7a3\d]+|[^\W_\uac00-\ud7a3]+")

# Longest first: the first that leaves a stem of two syllables or more is cut.
PARTICLES = sorted(
    {
        "에서는",
        "에서도",
        "에서의",
        "으로는",
        "으로도",
        "에게서",
        "까지는",
        "부터는",
        "에서",
        "에게",
        "으로",
        "로는",
        "로도",
        "까지",
        "부터",
        "마다",
        "처럼",
        "보다",
        "에는",
        "에도",
        "에의",
        "이나",
        "이랑",
        "하고",
        "께서",
        "한테",
        "이며",
        "이고",
        "와",
        "과",
        "의",
        "을",
        "를",
        "이",
        "가",
        "은",
        "는",
        "에",
        "로",
        "도",
        "만",
        "랑",
        "나",
        "며",
    },
    key=len,
    reverse=True,
)
# Endings of a noun + 하다/되다/시키다 verb (설치해, 확충합니다, 개선되면 …).
VERB_ENDINGS = sorted(
    {
        "해주십시오",
        "해주시면",
        "해주세요",
        "해주셨으면",
        "했으면",
        "하였으면",
        "합시다",
        "합니다",
        "해야",
        "해요",
        "하면",
        "하는",
        "하기",
        "하게",
        "해서",
        "하고",
        "하여",
        "하자",
        "해줘",
        "해",
        "한",
        "할",
        "함",
        "되었으면",
        "됐으면",
        "되면",
        "되는",
        "되어",
        "되게",
        "돼",
        "된",
        "될",
        "시켜주세요",
        "시켜",
    },
    key=len,
    reverse=True,
)
# Nouns whose last syllable looks like a particle or an ending: never cut.
PROTECTED_ENDINGS = (
    "도로",
    "차로",
    "경로",
    "통로",
    "대로",
    "진로",
    "선로",
    "수로",
    "항로",
    "인도",
    "보도",
    "차도",
    "지도",
    "제도",
    "정도",
    "속도",
    "온도",
    "한도",
    "어린이",
    "놀이",
    "높이",
    "길이",
    "넓이",
    "사이",
    "나이",
    "쓰레기통",
    "편의",
    "회의",
    "민의",
    "강의",
    "주의",
    "결과",
    "효과",
    "학과",
)
# Request and filler words: how a citizen asks, not what the idea is about.
FILLER_PREFIXES = (
    "주세요",
    "주십시오",
    "주시면",
    "주셨으면",
    "해주",
    "부탁",
    "바랍니다",
    "바래요",
    "원합니다",
    "원해요",
    "필요합니다",
    "필요해요",
    "필요하",
    "좋겠",
    "좋을",
    "있으면",
    "있었으면",
    "했으면",
    "생겼으면",
    "됐으면",
    "되었으면",
    "늘려",
    "늘리",
    "늘어",
    "만들어",
    "만들",
    "해요",
    "합니다",
    "합시다",
    "하자",
    "제발",
    "있습니다",
    "없습니다",
    "싶습니다",
    "싶어요",
    "드립니다",
    "드려요",
)
FILLER_WORDS = frozenset(
    {
        "좀",
        "꼭",
        "더",
        "해",
        "제안",
        "건의",
        "요청",
        "우리",
        "저희",
        "많이",
        "빨리",
        "정말",
        "너무",
        "필요",
        "주",
        "및",
        "등",
        "것",
        "수",
        "곳",
        "때",
        "위한",
        "위해",
    }
)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "for",
        "to",
        "and",
        "or",
        "more",
        "less",
        "please",
        "we",
        "our",
        "my",
        "us",
        "need",
        "needs",
        "should",
        "would",
        "could",
        "can",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "with",
        "by",
        "from",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "new",
        "add",
        "want",
        "make",
        "let",
        "there",
        "here",
        "some",
        "any",
        "very",
    ]
)
# Words of the same topic (a query word also finds its partners as word endings).
SYNONYM_ENDINGS = {
    "길": ("도로",),
    "도로": ("길",),
    "차로": ("도로",),
    "보도": ("인도",),
    "인도": ("보도",),
    "주차장": ("주차",),
}
SYNONYM_WORDS = {"bike": ("bicycle",), "bicycle": ("bike",), "cycle": ("bicycle",)}

MIN_STEM_SYLLABLES = 2
_ATTACHED = frozenset(PARTICLES) | frozenset(VERB_ENDINGS)


def is_hangul(text: str) -> bool:
    return bool(text) and all("\uac00" <= ch <= "\ud7a3" for ch in text)


def words(text: str) -> list[str]:
    found = []
    for token in _TOKEN.findall(unicodedata.normalize("NFC", (text or "").lower())):
        first, *rest = _RUN.findall(token)
        found.append(first)
        # A particle or an ending written onto a Latin word (CCTV를, wifi로) is no word.
        found.extend(run for run in rest if run not in _ATTACHED)
    return found


def compact(text: str) -> str:
    """Lower-cased words without spaces or punctuation: spacing variants compare equal."""
    return "".join(words(text))


def _cut(word: str, endings: list[str]) -> str:
    if word.endswith(PROTECTED_ENDINGS):
        return word
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_SYLLABLES:
            return word[: -len(ending)]
    return word


def _english_stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        stem = word[:-3]
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]
        return stem
    return word


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The stem of one lower-cased word ('' when it is a filler or a stop word)."""
    if is_hangul(word):
        if word in FILLER_WORDS or word.startswith(FILLER_PREFIXES):
            return ""
        cut = _cut(_cut(word, VERB_ENDINGS), PARTICLES)
        cut = _cut(cut, VERB_ENDINGS)
        return "" if cut in FILLER_WORDS else cut
    if word.isascii() and word.isalpha():
        return "" if word in STOP_WORDS else _english_stem(word)
    return word  # numbers, mixed words


def stems(text: str) -> list[str]:
    """The topic stems of `text`, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in words(text):
        if found := stem(word):
            seen.setdefault(found, None)
    return list(seen)


def variants(term: str) -> tuple[str, ...]:
    """The term and its partners of the same topic (자전거길 → 자전거도로)."""
    forms = [term]
    forms.extend(SYNONYM_WORDS.get(term, ()))
    for ending, partners in SYNONYM_ENDINGS.items():
        if term.endswith(ending):
            forms.extend(term[: -len(ending)] + partner for partner in partners)
    return tuple(dict.fromkeys(forms))


# --- Typos: edit distance on jamo ----------------------------------------------------


@lru_cache(maxsize=50_000)
def jamo(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=200_000)
def typo_similarity(a: str, b: str) -> float:
    """1 − (jamo edits / jamo length); a one-jamo slip in a three-syllable word ≈ 0.8."""
    ja, jb = jamo(a), jamo(b)
    longest = max(len(ja), len(jb))
    if not longest:
        return 0.0
    limit = max(1, longest // 3)
    return max(0.0, 1.0 - edit_distance(ja, jb, limit) / longest)


# --- Documents and queries -----------------------------------------------------------


def document_terms(title: str, summary: str) -> str:
    """What a proposal stores for search: its title stems, a tab, its summary stems."""
    return " ".join(stems(title)) + "\t" + " ".join(stems(summary))


@dataclass(frozen=True)
class Document:
    title: list[str]
    summary: list[str]
    title_compact: str
    summary_compact: str

    @classmethod
    def parse(cls, terms: str) -> "Document":
        title, _tab, summary = (terms or "").partition("\t")
        title_stems, summary_stems = title.split(), summary.split()
        return cls(
            title_stems, summary_stems, "".join(title_stems), "".join(summary_stems)
        )


@dataclass(frozen=True)
class Query:
    text: str
    compact: str
    terms: list[str]
    forms: list[tuple[str, ...]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "Query":
        terms = stems(text)
        if not terms:
            # Only fillers: search for them rather than for nothing.
            terms = list(dict.fromkeys(w for w in words(text) if len(w) >= 2))
        return cls(text, compact(text), terms, [variants(t) for t in terms])

    @property
    def terms_compact(self) -> str:
        return "".join(self.terms)


# --- Index keys: how candidates are found --------------------------------------------

EXACT = "="  # prefix of a whole-title key
WILDCARD = "?"  # one syllable replaced: any one-jamo slip keeps the other syllables
MAX_KEY_LENGTH = 40
TITLE, SUMMARY = 1.0, 0.4
FULL, PART, SLIP = 1.0, 0.6, 0.5


def _stem_keys(term: str, *, in_title: bool) -> dict[str, float]:
    keys = {term: FULL}
    n = len(term)
    if is_hangul(term):
        for i in range(2, n):
            keys.setdefault(term[:i], PART)  # 자전 → 자전거 (a partial word)
        if in_title:
            for i in range(1, n):
                if n - i >= 2 or n >= 3:
                    keys.setdefault(term[i:], PART)  # 도로 → 자전거도로 (a compound)
            # A slip in a word, or in the first word of a compound (자잔거 → 자전거도로).
            for part in {term, term[:3]} if n > 3 else {term}:
                for i in range(len(part)):
                    keys.setdefault(part[:i] + WILDCARD + part[i + 1 :], SLIP)
    elif term.isascii() and term.isalpha() and in_title:
        for i in range(3, min(n, 8)):
            keys.setdefault(term[:i], PART)  # bicyc → bicycle
    return keys


def document_keys(title: str, terms: str) -> dict[str, float]:
    """Index keys of a proposal with their weights (higher: the proposal is more about
    the key; shorter titles weigh more)."""
    document = Document.parse(terms)
    spread = max(1, len(document.title)) ** 0.5
    keys: dict[str, float] = {}
    for part, weight in ((document.summary, SUMMARY), (document.title, TITLE)):
        for term in part:
            for key, quality in _stem_keys(term, in_title=weight == TITLE).items():
                keys[key] = max(keys.get(key, 0.0), round(weight * quality / spread, 6))
    for exact in {compact(title), document.title_compact}:
        if exact:
            keys[EXACT + exact] = 10.0
    return {key[:MAX_KEY_LENGTH]: weight for key, weight in keys.items()}


def query_keys(query: Query, limit: int) -> list[str]:
    """Index keys to look up for `query`, the most telling first."""
    keys: dict[str, None] = {}
    for exact in (query.compact, query.terms_compact):
        if exact:
            keys.setdefault(EXACT + exact, None)
    for forms in query.forms:
        for form in forms:
            keys.setdefault(form, None)
    for left, right in zip(query.terms, query.terms[1:], strict=False):
        keys.setdefault(left + right, None)  # 자전거 길 → 자전거길
    for forms in query.forms:
        for form in forms:
            n = len(form)
            if is_hangul(form):
                for size in range(n - 1, 1, -1):  # 자전거도로 → 자전거, 도로 …
                    for i in range(n - size + 1):
                        keys.setdefault(form[i : i + size], None)
                if n >= 2:
                    for i in range(n):
                        keys.setdefault(form[:i] + WILDCARD + form[i + 1 :], None)
            elif form.isascii() and form.isalpha():
                for i in range(min(n - 1, 7), 2, -1):
                    keys.setdefault(form[:i], None)
    return [key[:MAX_KEY_LENGTH] for key in keys][:limit]


def highlight_forms(text: str) -> list[str]:
    """The words to mark in a result of query `text`, longest first."""
    query = Query.parse(text)
    forms = {form for forms in query.forms for form in forms if len(form) >= 2}
    forms.update(term for term in query.terms if is_hangul(term) and len(term) == 1)
    return sorted(forms, key=len, reverse=True)
