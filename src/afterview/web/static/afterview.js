// afterview: the one script of its own. Copy buttons: data-copy="#body" copies that field
// (with the subject first when data-copy-subject names one). No inline scripts anywhere (CSP).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const body = document.querySelector(button.dataset.copy);
  const subject = button.dataset.copySubject && document.querySelector(button.dataset.copySubject);
  const text = (subject ? "Subject: " + subject.value + "\n\n" : "") + (body ? body.value : "");
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    body.select();
    button.textContent = "Press Ctrl+C";
  }
});

// --- editor: after a hand-off the page's address carries ?done=ACTION (a one-time notice, and
// for an .eml the download). Drop it from the address once shown, so a refresh shows the
// message's state without repeating the notice or the download.
document.addEventListener("DOMContentLoaded", () => {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("done") || !document.querySelector("#state")) return;
  url.searchParams.delete("done");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
});
// --- wizardweb: the wizard's errors and its one-time form ---
// A page with problems: focus the summary at the top (its links then focus each field, opening
// a closed interviewer row on the way). A form marked data-once is sent once: a second press
// does nothing, and coming Back to it from the browser's page cache reloads it, so the server
// can send you to the interview it already created.
(() => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      const details = field.closest("details");
      if (details) details.open = true;
      const label = document.querySelector(`label[for='${field.id}']`) || field;
      label.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  const once = document.querySelector("form[data-once]");
  if (!once) return;
  const sentKey = "afterview-sent-" + once.dataset.once;
  once.addEventListener("submit", (event) => {
    // "Add another person" only asks for one more row: the form is not sent for good.
    if (event.submitter && event.submitter.name === "add_person") return;
    if (once.dataset.sending) {
      event.preventDefault();
      return;
    }
    once.dataset.sending = "yes";
    try { sessionStorage.setItem(sentKey, "1"); } catch { /* private mode: the server still holds */ }
  });
  window.addEventListener("pageshow", (event) => {
    let sent = false;
    try { sent = sessionStorage.getItem(sentKey) === "1"; } catch { /* as above */ }
    // Only the form's own page (its key in the address), never a page a POST returned.
    if (sent && window.location.search.includes("key=")) window.location.reload();
  });
})();

// A time zone field (the account page's; the wizard's "Your time zone" in a shared
// deployment): when the browser's zone is another, offer it beside the field with a "Use"
// button. Never set unasked.
(() => {
  // Browsers (ICU) still name some zones by their old names: the tz database's current ones.
  const current = {
    "Asia/Calcutta": "Asia/Kolkata", "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Katmandu": "Asia/Kathmandu", "Asia/Rangoon": "Asia/Yangon",
    "Europe/Kiev": "Europe/Kyiv", "Atlantic/Faeroe": "Atlantic/Faroe",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires", "Pacific/Truk": "Pacific/Chuuk",
    "Pacific/Ponape": "Pacific/Pohnpei", "America/Godthab": "America/Nuuk",
  };
  let guess = "";
  try { guess = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch { return; }
  guess = current[guess] || guess;
  if (!guess.includes("/")) return;
  document.querySelectorAll("input[data-guess-zone]").forEach((input) => {
    const hint = document.getElementById(input.dataset.guessZone);
    if (!hint || input.value === guess) return;
    // A form that only holds the server's zone as a stand-in (the wizard, for a student who
    // has not said theirs): the browser's is the better guess, said beside it.
    if (input.dataset.fillZone !== undefined && input.value === input.dataset.fillZone) {
      input.value = guess;
      hint.textContent = `Filled in from your browser (${guess}): change it if you are elsewhere.`;
      hint.hidden = false;
      return;
    }
    hint.textContent = `Your browser says ${guess}. `;
    const use = document.createElement("button");
    use.type = "button";
    use.className = "link";
    use.textContent = `Use ${guess}`;
    use.addEventListener("click", () => { input.value = guess; input.focus(); hint.hidden = true; });
    hint.appendChild(use);
    hint.hidden = false;
  });
})();
