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
