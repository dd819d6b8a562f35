/*!
 * Exempelstad citizen chat widget. Plain JavaScript, no dependencies, no build step.
 *
 * Embed on any page:
 *   <script src="https://kontaktcenter.example-stad.se/static/widget.js" defer
 *           data-lang="sv" data-position="right" data-color-primary="#0b4f8a"></script>
 * Optional configuration, set before the script runs (it wins over data- attributes):
 *   window.KontaktcenterChat = { lang: "en", position: "left",
 *                                colors: { primary: "#0b4f8a", onPrimary: "#ffffff" },
 *                                apiBase: "https://kontaktcenter.example-stad.se" };
 * The chat API (POST /api/chat) is described in API.md; the contact form posts to /api/contact.
 */
(function () {
  "use strict";
  if (window.__kontaktcenterChatLoaded) return;
  window.__kontaktcenterChatLoaded = true;

  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  var data = (script && script.dataset) || {};
  var config = window.KontaktcenterChat || {};
  var scriptUrl = script && script.src ? new URL(script.src, location.href) : new URL(location.href);
  var apiBase = String(config.apiBase || data.api || scriptUrl.origin).replace(/\/+$/, "");
  var position = (config.position || data.position || "right") === "left" ? "left" : "right";
  var colors = config.colors || {};
  var STORE_KEY = "kontaktcenterChat:v1";
  var MAX_TEXT = 2000;

  var TEXTS = {
    sv: {
      launcher: "Chatta med oss", resume: "Fortsätt chatten", title: "Digital assistent",
      close: "Stäng chatten", otherLang: "English", otherLangCode: "en",
      aiNotice: "Du chattar med en digital assistent som drivs av AI, inte med en människa. " +
        "Svaren kan innehålla fel; kontrollera viktiga uppgifter via länkarna i svaren.",
      canHelp: "Jag kan svara på allmänna frågor om till exempel förskola och skola, parkering, " +
        "sophämtning, äldreomsorg och kulturskola, och hjälpa dig att komma i kontakt med en handläggare.",
      privacy: "Skriv inte personnummer eller andra känsliga uppgifter.",
      emergency: "Vid akut fara: ring 112.", crisisLabel: "Viktigt just nu",
      logLabel: "Samtalet", inputLabel: "Skriv din fråga", send: "Skicka", restart: "Börja om",
      restartConfirm: "Samtalet är rensat. Skriv en ny fråga när du vill.",
      you: "Du:", bot: "Assistenten:", working: "Assistenten skriver …",
      newTab: "(öppnas i ny flik)", caseTitle: "Ditt ärendenummer",
      caseHelp: "Spara numret. Du kan fråga om ärendet här i chatten.",
      tooLong: "Frågan är för lång. Korta den till högst 2000 tecken.",
      tooFast: "Du skickar för snabbt. Vänta en liten stund och försök igen; din text finns kvar.",
      invalid: "Meddelandet kunde inte skickas: ", offline: "Det gick inte att nå chatten. " +
        "Kontrollera din anslutning och försök igen; din text finns kvar.",
      failed: "Något gick fel. Försök igen om en stund; din text finns kvar.",
      unavailable: "Chatten fungerar inte just nu. Du kan lämna din fråga i formuläret nedan, " +
        "så hör en handläggare av sig till dig.",
      contactTitle: "Lämna din fråga", name: "Namn (frivilligt)", how: "Hur vill du bli kontaktad?",
      phone: "Telefonsamtal", sms: "Sms", email: "E-post",
      valuePhone: "Telefonnummer", valueSms: "Mobilnummer", valueEmail: "E-postadress",
      question: "Din fråga", questionHint: "Skriv inte personnummer eller andra känsliga uppgifter.",
      consent: "Jag samtycker till att Exempelstad sparar mina kontaktuppgifter och min fråga för att " +
        "kunna svara mig. Uppgifterna raderas när ärendet har avslutats.",
      submit: "Skicka frågan", cancel: "Avbryt", sending: "Skickar …",
      errorsTitle: "Rätta följande:", needValue: "Ange hur vi når dig.", needQuestion: "Skriv din fråga.",
      needConsent: "Kryssa i rutan om samtycke för att vi ska kunna spara och besvara din fråga.",
      contactFailed: "Frågan kunde inte skickas just nu. Ring kontaktcenter eller försök igen senare.",
      receipt: "Tack! Din fråga är mottagen.", receiptDue: "En handläggare hör av sig senast ",
    },
    en: {
      launcher: "Chat with us", resume: "Continue the chat", title: "Digital assistant",
      close: "Close the chat", otherLang: "Svenska", otherLangCode: "sv",
      aiNotice: "You are chatting with a digital assistant powered by AI, not with a person. " +
        "Answers may contain mistakes; check important details through the links in the answers.",
      canHelp: "I can answer general questions about, for example, preschool and school, parking, " +
        "waste collection, elderly care and the arts school, and help you reach an officer.",
      privacy: "Do not write personal identity numbers or other sensitive details.",
      emergency: "In an emergency: call 112.", crisisLabel: "Important now",
      logLabel: "Conversation", inputLabel: "Write your question", send: "Send", restart: "Start over",
      restartConfirm: "The conversation is cleared. Write a new question whenever you like.",
      you: "You:", bot: "Assistant:", working: "The assistant is writing …",
      newTab: "(opens in a new tab)", caseTitle: "Your case reference",
      caseHelp: "Keep the reference. You can ask about the case here in the chat.",
      tooLong: "The question is too long. Shorten it to at most 2000 characters.",
      tooFast: "You are sending too fast. Wait a moment and try again; your text is kept.",
      invalid: "The message could not be sent: ", offline: "The chat could not be reached. " +
        "Check your connection and try again; your text is kept.",
      failed: "Something went wrong. Try again in a moment; your text is kept.",
      unavailable: "The chat is not working right now. You can leave your question in the form below " +
        "and an officer will contact you.",
      contactTitle: "Leave your question", name: "Name (optional)", how: "How should we contact you?",
      phone: "Phone call", sms: "Text message", email: "E-mail",
      valuePhone: "Phone number", valueSms: "Mobile number", valueEmail: "E-mail address",
      question: "Your question", questionHint: "Do not write personal identity numbers or other sensitive details.",
      consent: "I agree that the city keeps my contact details and my question in order to answer me. " +
        "They are deleted once the case is closed.",
      submit: "Send the question", cancel: "Cancel", sending: "Sending …",
      errorsTitle: "Please correct the following:", needValue: "Tell us how to reach you.",
      needQuestion: "Write your question.", needConsent: "Tick the consent box so we can keep and answer your question.",
      contactFailed: "The question could not be sent right now. Call the contact center or try again later.",
      receipt: "Thank you! Your question has been received.", receiptDue: "An officer will contact you by ",
    },
  };

  // --- state (sessionStorage: survives page loads in this tab, gone when the tab closes) ---------

  function newId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function pageLang() {
    var code = String(config.lang || data.lang || document.documentElement.lang || "sv").slice(0, 2).toLowerCase();
    return /^[a-z]{2}$/.test(code) ? code : "sv";
  }

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.transcript)) return saved;
    } catch (e) { /* storage blocked or corrupt: start afresh */ }
    return { sessionId: newId(), transcript: [], lang: pageLang(), contact: null };
  }

  var state = load();
  function save() {
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function uiLang() { return TEXTS[state.lang] ? state.lang : "sv"; }
  function t(key) { return TEXTS[uiLang()][key]; }

  // --- DOM helpers ---------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function paragraphs(text) {
    return String(text || "").split(/\n{2,}/).map(function (block) {
      var p = el("p");
      block.split("\n").forEach(function (line, i) {
        if (i) p.appendChild(el("br"));
        p.appendChild(document.createTextNode(line));
      });
      return p;
    });
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  // --- the widget ----------------------------------------------------------------------------------

  if (!document.querySelector("link[data-kcc-css]")) {
    document.head.appendChild(el("link", { rel: "stylesheet", href: new URL("widget.css", scriptUrl).href, "data-kcc-css": true }));
  }

  var root = el("div", { className: "kcc-root kcc-" + position, "data-kcc": true });
  if (colors.primary) root.style.setProperty("--kcc-primary", colors.primary);
  if (colors.onPrimary) root.style.setProperty("--kcc-on-primary", colors.onPrimary);
  if (data.colorPrimary && !colors.primary) root.style.setProperty("--kcc-primary", data.colorPrimary);

  var launcherLabel = el("span", { className: "kcc-launcher-label" });
  var launcher = el("button", {
    type: "button", className: "kcc-launcher", "aria-expanded": "false", "aria-controls": "kcc-panel",
  }, [bubbleIcon(), launcherLabel]);

  var title = el("h2", { id: "kcc-title", className: "kcc-title" });
  var langButton = el("button", { type: "button", className: "kcc-header-button kcc-lang-button" });
  var closeButton = el("button", { type: "button", className: "kcc-header-button kcc-close" }, [closeIcon()]);
  var crisis = el("div", { className: "kcc-crisis", id: "kcc-crisis", hidden: true });
  var intro = el("div", { className: "kcc-intro", id: "kcc-intro" });
  var log = el("div", {
    className: "kcc-log", id: "kcc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
  });
  var contactSlot = el("div", { className: "kcc-contact-slot" });
  var body = el("div", { className: "kcc-body" }, [crisis, intro, log, contactSlot]);
  var status = el("div", { className: "kcc-status", role: "status", "aria-live": "polite" });
  var inputLabel = el("label", { "for": "kcc-input", className: "kcc-sr" });
  var input = el("textarea", { id: "kcc-input", className: "kcc-input", rows: "2", maxlength: String(MAX_TEXT), autocomplete: "off" });
  var sendButton = el("button", { type: "submit", className: "kcc-send" });
  var restartButton = el("button", { type: "button", className: "kcc-restart" });
  var compose = el("form", { className: "kcc-compose", novalidate: true }, [
    inputLabel, el("div", { className: "kcc-compose-row" }, [input, sendButton]), restartButton,
  ]);
  var panel = el("section", {
    id: "kcc-panel", className: "kcc-panel", role: "dialog", "aria-labelledby": "kcc-title",
    "aria-describedby": "kcc-crisis kcc-intro", hidden: true,
  }, [el("div", { className: "kcc-header" }, [title, langButton, closeButton]), body, status, compose]);
  root.appendChild(panel);
  root.appendChild(launcher);

  function svg(path) {
    var ns = "http://www.w3.org/2000/svg";
    var icon = document.createElementNS(ns, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    icon.appendChild(shape);
    return icon;
  }
  function bubbleIcon() { return svg("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"); }
  function closeIcon() { return svg("M6 6l12 12M18 6L6 18"); }

  function renderChrome() {
    panel.setAttribute("lang", uiLang());
    launcher.setAttribute("lang", uiLang());
    launcherLabel.textContent = state.transcript.length ? t("resume") : t("launcher");
    title.textContent = t("title");
    langButton.textContent = t("otherLang");
    langButton.setAttribute("lang", t("otherLangCode"));
    closeButton.setAttribute("aria-label", t("close"));
    log.setAttribute("aria-label", t("logLabel"));
    inputLabel.textContent = t("inputLabel");
    sendButton.textContent = t("send");
    restartButton.textContent = t("restart");
    restartButton.hidden = !state.transcript.length;
    intro.textContent = "";
    intro.appendChild(el("p", { className: "kcc-ai", text: t("aiNotice") }));
    intro.appendChild(el("p", { text: t("canHelp") }));
    intro.appendChild(el("p", { className: "kcc-privacy" }, [el("strong", { text: t("privacy") }), " " + t("emergency")]));
    if (notice) renderNotice();
  }

  // --- crisis notice (GET /api/chat/notice; nothing shown when there is none) --------------------

  var notice = null;
  var noticeFetched = false;
  function fetchNotice() {
    if (noticeFetched) return;
    noticeFetched = true;
    fetch(apiBase + "/api/chat/notice?lang=" + encodeURIComponent(uiLang()), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) return;
        var texts = body.texts || {};
        var text = texts[uiLang()] || body.text || body.message || texts.sv;
        if (!text) return;
        notice = { text: String(text), lang: texts[uiLang()] ? uiLang() : (body.lang || null) };
        renderNotice();
      })
      .catch(function () { /* no notice: nothing to show */ });
  }
  function renderNotice() {
    crisis.textContent = "";
    crisis.appendChild(el("p", {}, [el("strong", { text: t("crisisLabel") + ": " }),
      el("span", { lang: notice.lang, text: notice.text })]));
    crisis.hidden = false;
  }

  // --- transcript ----------------------------------------------------------------------------------

  function renderEntry(entry, index) {
    var node;
    if (entry.who === "user") {
      node = el("div", { className: "kcc-msg kcc-user" }, [el("span", { className: "kcc-sr", text: t("you") + " " })]
        .concat(paragraphs(entry.text)));
    } else if (entry.who === "bot") {
      node = el("div", { className: "kcc-msg kcc-bot", lang: entry.lang || null },
        [el("span", { className: "kcc-sr", text: t("bot") + " " })].concat(paragraphs(entry.text)));
      var url = entry.link && safeUrl(entry.link.url);
      if (url) {
        node.appendChild(el("p", { className: "kcc-link-row" }, [el("a", {
          className: "kcc-link", href: url, target: "_blank", rel: "noopener noreferrer",
        }, [entry.link.title || url, el("span", { className: "kcc-sr", text: " " + t("newTab") })])]));
      }
      if (entry.buttons && entry.buttons.length) {
        var group = el("div", { className: "kcc-buttons", role: "group", "aria-label": String(entry.text || "").slice(0, 120) });
        entry.buttons.forEach(function (button) {
          group.appendChild(el("button", {
            type: "button", className: "kcc-choice", disabled: entry.used || null, text: button.title,
            onclick: function () { choose(index, button); },
          }));
        });
        node.appendChild(group);
      }
    } else if (entry.who === "case") {
      node = el("div", { className: "kcc-msg kcc-case", lang: entry.lang || null }, [
        el("p", { className: "kcc-case-title", text: t("caseTitle") }),
        el("p", { className: "kcc-case-ref", text: entry.reference }),
        el("p", { text: entry.due ? t("receiptDue") + formatDue(entry.due) + "." : t("caseHelp") }),
      ]);
    } else {
      node = el("div", { className: "kcc-msg kcc-system" + (entry.kind === "error" ? " kcc-error-msg" : "") },
        paragraphs(entry.text));
    }
    return node;
  }

  function renderLog() {
    log.textContent = "";
    state.transcript.forEach(function (entry, index) { log.appendChild(renderEntry(entry, index)); });
  }

  function add(entry, quiet) {
    entry.at = new Date().toISOString();
    state.transcript.push(entry);
    save();
    var node = renderEntry(entry, state.transcript.length - 1);
    log.appendChild(node);
    restartButton.hidden = false;
    if (!quiet) scrollDown();
    return node;
  }

  function scrollDown() { body.scrollTop = body.scrollHeight; }

  // A long answer is read from its start: show the top of the turn's first message, or everything if it fits.
  function scrollToTurn(first) {
    var top = first.offsetTop - body.offsetTop - 8;
    body.scrollTop = body.scrollHeight - top > body.clientHeight ? top : body.scrollHeight;
  }

  function retireButtons() {
    var changed = false;
    state.transcript.forEach(function (entry) {
      if (entry.buttons && entry.buttons.length && !entry.used) { entry.used = true; changed = true; }
    });
    if (changed) {
      Array.prototype.forEach.call(log.querySelectorAll(".kcc-choice"), function (b) { b.disabled = true; });
      save();
    }
  }

  function formatDue(iso) {
    try {
      return new Date(iso).toLocaleString(uiLang() === "sv" ? "sv-SE" : "en-GB",
        { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    } catch (e) { return iso; }
  }

  // --- sending -------------------------------------------------------------------------------------

  var busy = false;
  function setBusy(on) {
    busy = on;
    status.textContent = on ? t("working") : "";
    status.classList.toggle("kcc-working", on);
    log.setAttribute("aria-busy", on ? "true" : "false");
    sendButton.disabled = on;
  }

  function choose(index, button) {
    if (busy) return;
    input.focus();
    send(button.payload || button.title, button.title);
  }

  function detailText(detail) {
    if (Array.isArray(detail)) {
      return detail.map(function (p) { return p && typeof p === "object" ? (p.field ? p.field + ": " : "") + (p.problem || p.msg || "") : String(p); }).join("; ");
    }
    return typeof detail === "string" ? detail : "";
  }

  function send(text, shown) {
    text = String(text || "").trim();
    if (!text || busy) return;
    if (text.length > MAX_TEXT) { add({ who: "system", kind: "error", text: t("tooLong") }); return; }
    var typed = shown === undefined;
    retireButtons();
    add({ who: "user", text: shown || text });
    if (typed) input.value = "";
    setBusy(true);
    fetch(apiBase + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ session_id: state.sessionId, text: text, lang: uiLang() }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        setBusy(false);
        if (response.ok) return answered(body);
        // No error path loses what the citizen wrote: it goes back into the input, or into the contact form.
        if (typed && response.status !== 503) input.value = input.value || text;
        if (response.status === 503) {
          add({ who: "system", text: t("unavailable") });
          openContact(typed ? text : lastCitizenText());
        } else if (response.status === 429) {
          add({ who: "system", kind: "error", text: t("tooFast") });
        } else if (response.status === 422) {
          add({ who: "system", kind: "error", text: t("invalid") + detailText(body.detail) });
        } else {
          add({ who: "system", kind: "error", text: t("failed") });
        }
      });
    }).catch(function () {
      setBusy(false);
      if (typed) input.value = input.value || text;
      add({ who: "system", kind: "error", text: t("offline") });
    });
  }

  function answered(body) {
    var meta = body.meta || {};
    var first = null;
    (body.messages || []).forEach(function (message) {
      var node = add({ who: "bot", text: message.text || "", lang: meta.lang || null, buttons: message.buttons || [], link: message.link || null }, true);
      first = first || node;
    });
    if (meta.case_id) {
      var receipt = add({ who: "case", reference: meta.case_id, lang: meta.lang || null }, true);
      first = first || receipt;
    }
    if (first) scrollToTurn(first);
  }

  function lastCitizenText() {
    for (var i = state.transcript.length - 1; i >= 0; i--) {
      var entry = state.transcript[i];
      if (entry.who === "user" && entry.text.charAt(0) !== "/") return entry.text;
    }
    return "";
  }

  // --- contact form (when the dialogue engine is unreachable) ---------------------------------------

  function openContact(question) {
    state.contact = { question: question || "", key: (state.contact && state.contact.key) || newId() };
    save();
    renderContact(true);
  }

  function closeContact() {
    if (state.contact && state.contact.question && !input.value) input.value = state.contact.question;
    state.contact = null;
    save();
    contactSlot.textContent = "";
    input.focus();
  }

  function renderContact(focus) {
    contactSlot.textContent = "";
    if (!state.contact) return;
    var errors = el("div", { className: "kcc-errors", role: "alert", tabindex: "-1", hidden: true });
    var name = el("input", { id: "kcc-c-name", type: "text", autocomplete: "name", maxlength: "120" });
    var valueLabel = el("label", { "for": "kcc-c-value" });
    var value = el("input", { id: "kcc-c-value", type: "tel", autocomplete: "tel", maxlength: "320", required: true });
    var methods = ["phone", "sms", "email"].map(function (method) {
      return el("input", { type: "radio", name: "kcc-c-method", id: "kcc-c-" + method, value: method, checked: method === "phone" || null });
    });
    function methodChanged() {
      var method = currentMethod();
      valueLabel.textContent = t(method === "email" ? "valueEmail" : method === "sms" ? "valueSms" : "valuePhone");
      value.type = method === "email" ? "email" : "tel";
      value.setAttribute("autocomplete", method === "email" ? "email" : "tel");
    }
    function currentMethod() {
      for (var i = 0; i < methods.length; i++) if (methods[i].checked) return methods[i].value;
      return "phone";
    }
    methods.forEach(function (radio) { radio.addEventListener("change", methodChanged); });
    var question = el("textarea", { id: "kcc-c-question", rows: "4", maxlength: "5000", required: true, "aria-describedby": "kcc-c-question-hint" });
    question.value = state.contact.question;
    question.addEventListener("input", function () { state.contact.question = question.value; save(); });
    var consent = el("input", { type: "checkbox", id: "kcc-c-consent", required: true });
    var submit = el("button", { type: "submit", className: "kcc-primary", text: t("submit") });

    var form = el("form", { className: "kcc-contact", novalidate: true, "aria-labelledby": "kcc-c-title" }, [
      el("h3", { id: "kcc-c-title", text: t("contactTitle") }),
      errors,
      el("div", { className: "kcc-field" }, [el("label", { "for": "kcc-c-name", text: t("name") }), name]),
      el("fieldset", { className: "kcc-field" }, [el("legend", { text: t("how") })].concat(methods.map(function (radio, i) {
        return el("div", { className: "kcc-radio" }, [radio, el("label", { "for": radio.id, text: t(["phone", "sms", "email"][i]) })]);
      }))),
      el("div", { className: "kcc-field" }, [valueLabel, value]),
      el("div", { className: "kcc-field" }, [el("label", { "for": "kcc-c-question", text: t("question") }),
        el("p", { className: "kcc-hint", id: "kcc-c-question-hint", text: t("questionHint") }), question]),
      el("div", { className: "kcc-field kcc-check" }, [consent, el("label", { "for": "kcc-c-consent", text: t("consent") })]),
      el("div", { className: "kcc-actions" }, [submit,
        el("button", { type: "button", className: "kcc-secondary", text: t("cancel"), onclick: closeContact })]),
    ]);
    methodChanged();

    function showErrors(problems, fields) {
      errors.textContent = "";
      [name, value, question, consent].forEach(function (f) { f.removeAttribute("aria-invalid"); });
      if (!problems.length) { errors.hidden = true; return; }
      errors.appendChild(el("p", { className: "kcc-errors-title", text: t("errorsTitle") }));
      errors.appendChild(el("ul", {}, problems.map(function (p) { return el("li", { text: p }); })));
      errors.hidden = false;
      (fields || []).forEach(function (f) { f.setAttribute("aria-invalid", "true"); });
      ((fields && fields[0]) || errors).focus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problems = [], invalid = [];
      if (!value.value.trim()) { problems.push(t("needValue")); invalid.push(value); }
      if (!question.value.trim()) { problems.push(t("needQuestion")); invalid.push(question); }
      if (!consent.checked) { problems.push(t("needConsent")); invalid.push(consent); }
      if (problems.length) return showErrors(problems, invalid);
      showErrors([]);
      submit.disabled = true;
      submit.textContent = t("sending");
      // Only the citizen's own lines: the server takes no line said to be the bot's or an officer's.
      var transcript = state.transcript.filter(function (e) { return e.who === "user"; }).slice(-200)
        .map(function (e) { return { who: "citizen", text: e.text.slice(0, MAX_TEXT), at: e.at }; });
      fetch(apiBase + "/api/contact", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          idempotency_key: state.contact.key, session_id: state.sessionId, language: uiLang(),
          preferred_language: uiLang(), summary: question.value.trim(), transcript: transcript,
          contact_method: currentMethod(), contact_value: value.value.trim(),
          contact_name: name.value.trim() || null, consent_given: consent.checked,
        }),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (result) {
          submit.disabled = false;
          submit.textContent = t("submit");
          if (response.status === 201 || response.status === 200) {
            state.contact = null;
            contactSlot.textContent = "";
            add({ who: "system", text: t("receipt") });
            add({ who: "case", reference: result.reference, due: result.due_at || null });
            input.focus();
          } else if (response.status === 422) {
            showErrors([detailText(result.detail) || t("contactFailed")]);
          } else {
            showErrors([detailText(result.detail) || t("contactFailed")]);
          }
        });
      }).catch(function () {
        submit.disabled = false;
        submit.textContent = t("submit");
        showErrors([t("contactFailed")]);
      });
    });

    contactSlot.appendChild(form);
    if (focus) { scrollDown(); (question.value ? name : question).focus(); }
  }

  // --- open, close, keys ---------------------------------------------------------------------------

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("kcc-open");
    fetchNotice();
    scrollDown();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("kcc-open");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { event.preventDefault(); close(); }
  });
  langButton.addEventListener("click", function () {
    state.lang = t("otherLangCode");
    save();
    renderChrome();
    renderLog();
    if (state.contact) renderContact(false);
    langButton.focus();
  });
  restartButton.addEventListener("click", function () {
    state = { sessionId: newId(), transcript: [], lang: state.lang, contact: null };
    save();
    renderLog();
    contactSlot.textContent = "";
    renderChrome();
    status.textContent = t("restartConfirm");
    input.focus();
  });
  compose.addEventListener("submit", function (event) { event.preventDefault(); send(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(input.value); }
  });

  renderChrome();
  renderLog();  // before the widget is in the document, so restored messages are not announced again
  renderContact(false);

  function mount() { document.body.appendChild(root); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  window.KontaktcenterChat = Object.assign(config, { open: open, close: close });
})();
