"""Everything the bot says around the knowledge base's answers, in plain language.

Swedish first, English beside it, Finnish (a national minority language) for
the phrases around answers. A missing language falls back to Swedish.
"""

from __future__ import annotations

ANSWER_LANGUAGES = ("sv", "en", "fi")

CATALOGUE: dict[str, dict[str, str]] = {
    "greet": {
        "sv": "Hej! Jag är stadens digitala assistent, inte en människa. Skriv din fråga, så svarar jag eller hjälper dig vidare till en handläggare.",
        "en": "Hello! I am the city's digital assistant, not a person. Write your question and I will answer it or pass you on to an officer.",
        "fi": "Hei! Olen kaupungin digitaalinen avustaja, en ihminen. Kirjoita kysymyksesi, niin vastaan tai ohjaan sinut käsittelijälle.",
    },
    "goodbye": {
        "sv": "Tack för att du hörde av dig. Ha en fin dag!",
        "en": "Thank you for getting in touch. Have a nice day!",
        "fi": "Kiitos yhteydenotosta. Hyvää päivänjatkoa!",
    },
    "thanks": {
        "sv": "Varsågod! Skriv gärna om du undrar något mer.",
        "en": "You are welcome! Write again if you have more questions.",
        "fi": "Ole hyvä! Kirjoita, jos sinulla on lisää kysyttävää.",
    },
    "bot_challenge": {
        "sv": "Jag är en digital assistent, inte en människa. Vill du prata med en handläggare kan jag skicka din fråga vidare.",
        "en": "I am a digital assistant, not a person. If you want to talk to an officer, I can pass your question on.",
        "fi": "Olen digitaalinen avustaja, en ihminen. Voin välittää kysymyksesi käsittelijälle, jos haluat.",
    },
    "did_that_help": {
        "sv": "Fick du svar på din fråga?",
        "en": "Did that answer your question?",
        "fi": "Saitko vastauksen kysymykseesi?",
    },
    "yes": {"sv": "Ja", "en": "Yes", "fi": "Kyllä"},
    "no": {"sv": "Nej", "en": "No", "fi": "Ei"},
    "glad_to_help": {
        "sv": "Vad bra! Skriv gärna om du undrar något mer.",
        "en": "Good! Write again if you have more questions.",
        "fi": "Hienoa! Kirjoita, jos sinulla on lisää kysyttävää.",
    },
    "offer_person": {
        "sv": "Vill du att en handläggare hos {group} hör av sig till dig?",
        "en": "Would you like an officer at {group} to contact you?",
        "fi": "Haluatko, että käsittelijä ({group}) ottaa sinuun yhteyttä?",
    },
    "offer_person_own_case": {
        "sv": "Det låter som att det gäller ditt eget ärende. Det kan en handläggare hos {group} titta på. Vill du att de hör av sig till dig?",
        "en": "It sounds like this is about your own matter. An officer at {group} can look into it. Would you like them to contact you?",
        "fi": "Kyse näyttää olevan omasta asiastasi. Käsittelijä ({group}) voi selvittää sen. Haluatko, että hän ottaa sinuun yhteyttä?",
    },
    "general_rule": {
        "sv": "Så här gäller i allmänhet: {answer}",
        "en": "This is what generally applies: {answer}",
        "fi": "Yleisesti pätee seuraava: {answer}",
    },
    "did_that_help_or_own_case": {
        "sv": "Fick du svar på din fråga? Gäller det ditt eget ärende kan en handläggare hos {group} höra av sig till dig.",
        "en": "Did that answer your question? If it is about your own matter, an officer at {group} can contact you.",
        "fi": "Saitko vastauksen kysymykseesi? Jos kyse on omasta asiastasi, käsittelijä ({group}) voi ottaa sinuun yhteyttä.",
    },
    "contact_officer": {"sv": "Kontakta mig", "en": "Contact me", "fi": "Ottakaa yhteyttä"},
    "contact_me": {"sv": "Ja, kontakta mig", "en": "Yes, contact me", "fi": "Kyllä, ottakaa yhteyttä"},
    "no_thanks": {"sv": "Nej tack", "en": "No thanks", "fi": "Ei kiitos"},
    "clarify": {
        "sv": "Jag vill vara säker på att jag förstår. Vilket av de här menar du?",
        "en": "I want to be sure I understand. Which of these do you mean?",
        "fi": "Haluan varmistaa, että ymmärrän oikein. Mitä näistä tarkoitat?",
    },
    "none_of_these": {"sv": "Inget av dem", "en": "None of these", "fi": "Ei mikään näistä"},
    "fallback": {
        "sv": "Jag är inte säker på att jag förstår. Kan du skriva frågan på ett annat sätt? Du kan också få hjälp av en handläggare.",
        "en": "I am not sure I understand. Could you write the question another way? You can also get help from an officer.",
        "fi": "En ole varma, että ymmärrän. Voisitko kirjoittaa kysymyksen toisin? Voit myös saada apua käsittelijältä.",
    },
    "talk_to_person": {"sv": "Prata med en handläggare", "en": "Talk to an officer", "fi": "Puhu käsittelijän kanssa"},
    "out_of_scope": {
        "sv": "Det kan jag tyvärr inte hjälpa till med. Jag svarar på frågor om stadens service, till exempel förskola, skola, äldreomsorg, parkering, avfall och tillstånd.",
        "en": "Sorry, I cannot help with that. I answer questions about the city's services, such as preschool, school, elderly care, parking, waste and permits.",
        "fi": "Valitettavasti en voi auttaa siinä. Vastaan kysymyksiin kaupungin palveluista, kuten esikoulusta, koulusta, vanhustenhoidosta, pysäköinnistä, jätehuollosta ja luvista.",
    },
    "language_note": {
        "sv": "Jag svarar på svenska. You can also write in English. Voit kirjoittaa myös suomeksi.",
        "en": "I answer in English. Jag kan också svara på svenska.",
        "fi": "Vastaan suomeksi. Jag kan också svara på svenska.",
    },
    "handover_start": {
        "sv": "Jag skickar din fråga till {group}. En handläggare läser hela vårt samtal, så du behöver inte upprepa något. Först några korta frågor.",
        "en": "I will pass your question to {group}. An officer will read our whole conversation, so you do not need to repeat anything. First a few short questions.",
        "fi": "Välitän kysymyksesi: {group}. Käsittelijä lukee koko keskustelumme, joten sinun ei tarvitse toistaa mitään. Ensin muutama lyhyt kysymys.",
    },
    "ask_contact_method": {
        "sv": "Hur vill du att vi kontaktar dig?",
        "en": "How would you like us to contact you?",
        "fi": "Miten haluat, että otamme sinuun yhteyttä?",
    },
    "method_phone": {"sv": "Telefonsamtal", "en": "Phone call", "fi": "Puhelu"},
    "method_sms": {"sv": "SMS", "en": "Text message (SMS)", "fi": "Tekstiviesti"},
    "method_email": {"sv": "E-post", "en": "E-mail", "fi": "Sähköposti"},
    "ask_contact_value_phone": {
        "sv": "Vilket telefonnummer ska vi ringa?",
        "en": "Which phone number should we call?",
        "fi": "Mihin puhelinnumeroon soitamme?",
    },
    "ask_contact_value_sms": {
        "sv": "Vilket mobilnummer ska vi skicka sms till?",
        "en": "Which mobile number should we text?",
        "fi": "Mihin matkapuhelinnumeroon lähetämme tekstiviestin?",
    },
    "ask_contact_value_email": {
        "sv": "Vilken e-postadress ska vi svara till?",
        "en": "Which e-mail address should we reply to?",
        "fi": "Mihin sähköpostiosoitteeseen vastaamme?",
    },
    "invalid_method": {
        "sv": "Välj ett av sätten: telefonsamtal, SMS eller e-post.",
        "en": "Please choose one of: phone call, text message or e-mail.",
        "fi": "Valitse jokin näistä: puhelu, tekstiviesti tai sähköposti.",
    },
    "invalid_phone": {
        "sv": "Det ser inte ut som ett telefonnummer. Skriv det till exempel som 070-123 45 67 eller +46 70 123 45 67.",
        "en": "That does not look like a phone number. Write it for example as 070-123 45 67 or +46 70 123 45 67.",
        "fi": "Tämä ei näytä puhelinnumerolta. Kirjoita se esimerkiksi muodossa 070-123 45 67 tai +46 70 123 45 67.",
    },
    "invalid_email": {
        "sv": "Det ser inte ut som en e-postadress. Skriv den till exempel som namn@exempel.se.",
        "en": "That does not look like an e-mail address. Write it for example as name@example.com.",
        "fi": "Tämä ei näytä sähköpostiosoitteelta. Kirjoita se esimerkiksi muodossa nimi@esimerkki.fi.",
    },
    "ask_contact_name": {
        "sv": "Vad heter du? Du kan hoppa över frågan.",
        "en": "What is your name? You can skip this question.",
        "fi": "Mikä on nimesi? Voit ohittaa tämän kysymyksen.",
    },
    "skip": {"sv": "Hoppa över", "en": "Skip", "fi": "Ohita"},
    "ask_contact_language": {
        "sv": "Vilket språk vill du att handläggaren använder?",
        "en": "Which language would you like the officer to use?",
        "fi": "Mitä kieltä haluat käsittelijän käyttävän?",
    },
    "other_language": {
        "sv": "Annat språk (skriv vilket)",
        "en": "Another language (write which)",
        "fi": "Muu kieli (kirjoita mikä)",
    },
    "ask_consent": {
        "sv": "Vi sparar dina kontaktuppgifter och ditt ärende bara för att kunna svara dig. Bara handläggarna som svarar ser dem, och de tas bort {retention_days} dagar efter att ärendet har avslutats. Läs mer: {privacy_url}. Godkänner du det?",
        "en": "We keep your contact details and your matter only so that we can answer you. Only the officers who answer can see them, and they are deleted {retention_days} days after the case is closed. Read more: {privacy_url}. Do you agree?",
        "fi": "Säilytämme yhteystietosi ja asiasi vain, jotta voimme vastata sinulle. Vain vastaavat käsittelijät näkevät ne, ja ne poistetaan {retention_days} päivän kuluttua asian käsittelyn päättymisestä. Lue lisää: {privacy_url}. Hyväksytkö?",
    },
    "consent_yes": {"sv": "Ja, jag godkänner", "en": "Yes, I agree", "fi": "Kyllä, hyväksyn"},
    "consent_needed": {
        "sv": "Utan ditt godkännande kan vi inte spara ärendet. Du kan i stället ringa kontaktcenter, eller avbryta.",
        "en": "Without your agreement we cannot keep the case. You can call the contact center instead, or cancel.",
        "fi": "Ilman hyväksyntääsi emme voi tallentaa asiaa. Voit soittaa asiakaspalveluun tai peruuttaa.",
    },
    "cancel": {"sv": "Avbryt", "en": "Cancel", "fi": "Peruuta"},
    "ask_summary_addition": {
        "sv": "Så här beskriver jag ditt ärende: ”{summary}”. Vill du lägga till något? Skriv det, eller välj ”Det stämmer”.",
        "en": 'This is how I describe your matter: "{summary}". Would you like to add anything? Write it, or choose "That is right".',
        "fi": "Kuvaan asiasi näin: ”{summary}”. Haluatko lisätä jotain? Kirjoita se tai valitse ”Pitää paikkansa”.",
    },
    "that_is_right": {"sv": "Det stämmer", "en": "That is right", "fi": "Pitää paikkansa"},
    "ask_confirmed": {
        "sv": "Stämmer det här? Svar till: {method} {value}. Språk: {language}. Ärende: ”{summary}”.",
        "en": 'Is this right? Reply to: {method} {value}. Language: {language}. Matter: "{summary}".',
        "fi": "Onko tämä oikein? Vastaus: {method} {value}. Kieli: {language}. Asia: ”{summary}”.",
    },
    "send": {"sv": "Ja, skicka", "en": "Yes, send", "fi": "Kyllä, lähetä"},
    "change_contact": {"sv": "Ändra kontaktuppgift", "en": "Change contact details", "fi": "Muuta yhteystietoja"},
    "change_summary": {"sv": "Ändra beskrivningen", "en": "Change the description", "fi": "Muuta kuvausta"},
    "case_created": {
        "sv": "Tack! Ditt ärende har nummer {reference}. {group} svarar dig senast {due} ({method}). Spara numret om du vill fråga hur det går.",
        "en": "Thank you! Your case number is {reference}. {group} will answer you by {due} ({method}). Keep the number if you want to ask how it is going.",
        "fi": "Kiitos! Asiasi numero on {reference}. {group} vastaa sinulle viimeistään {due} ({method}). Säilytä numero, jos haluat kysyä asian tilaa.",
    },
    "handover_cancelled": {
        "sv": "Okej, jag har inte skickat något. Skriv gärna om du vill fråga något annat.",
        "en": "All right, I have not sent anything. Write again if you want to ask something else.",
        "fi": "Selvä, en lähettänyt mitään. Kirjoita, jos haluat kysyä jotain muuta.",
    },
    "case_status": {
        "sv": "Ärende {reference}: {status}. Det handläggs av {group}. Utlovat svar senast {due}.",
        "en": "Case {reference}: {status}. It is handled by {group}. Promised answer by {due}.",
        "fi": "Asia {reference}: {status}. Sitä käsittelee {group}. Luvattu vastaus viimeistään {due}.",
    },
    "status_received": {"sv": "mottaget", "en": "received", "fi": "vastaanotettu"},
    "status_in_progress": {"sv": "handläggs", "en": "being handled", "fi": "käsittelyssä"},
    "status_answered": {"sv": "besvarat", "en": "answered", "fi": "vastattu"},
    "case_not_found": {
        "sv": "Jag hittar inget ärende med numret {reference}. Kontrollera numret. Det börjar med KC-.",
        "en": "I cannot find a case with the number {reference}. Please check the number. It starts with KC-.",
        "fi": "En löydä asiaa numerolla {reference}. Tarkista numero. Se alkaa KC-.",
    },
    "ask_case_reference": {
        "sv": "Vilket ärendenummer gäller det? Det börjar med KC-, till exempel KC-2026-7H3KQ9.",
        "en": "Which case number is it? It starts with KC-, for example KC-2026-7H3KQ9.",
        "fi": "Mikä on asian numero? Se alkaa KC-, esimerkiksi KC-2026-7H3KQ9.",
    },
}


def say(key: str, lang: str, **values: str) -> str:
    """The phrase `key` in `lang` (Swedish when the phrase has no such language)."""
    variants = CATALOGUE[key]
    return variants.get(lang, variants["sv"]).format(**values)


def answer_language(lang: str) -> str:
    """The language the bot answers in: English to English, Finnish to Finnish, else Swedish."""
    return lang if lang in ANSWER_LANGUAGES else "sv"
