/* Staff pages: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // After a failed form submission, move focus to the error summary so it is read first (GOV.UK pattern).
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
