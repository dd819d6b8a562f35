/* Staff pages: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // After a failed form submission, move focus to the error summary so it is read first (GOV.UK pattern).
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // The officer's queue shows new cases by itself, without a reload: the same page is fetched again and
  // only the queue is swapped, never while the officer is working inside it (focus there).
  var queue = document.getElementById("queue");
  var seconds = queue ? Number(queue.getAttribute("data-refresh-seconds")) : 0;
  if (queue && seconds > 0 && window.fetch && window.DOMParser) {
    setInterval(function () {
      if (queue.contains(document.activeElement)) return;
      fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
          if (!fresh || fresh.innerHTML === queue.innerHTML) return;
          queue.innerHTML = fresh.innerHTML;
          var heading = document.getElementById("queue-heading");
          document.getElementById("queue-updates").textContent =
            "Kön är uppdaterad. " + (heading ? heading.textContent.trim() : "");
        })
        .catch(function () { /* the next round tries again */ });
    }, seconds * 1000);
  }
})();
