// Progressive enhancement only: the site works fully without this file.
// Moves focus to <main> after the skip link in browsers that leave it on the link.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".skip-link");
  if (!link) return;
  const main = document.getElementById("main");
  if (main) main.focus();
});

// Copy buttons: <button type="button" class="copy-button" data-copy="#id" hidden>Copy …</button>
// copies the text of the element #id (or its value, for an input). The button is
// hidden without JavaScript, where selecting the text is the way to copy it.
for (const button of document.querySelectorAll("button[data-copy]")) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.setAttribute("aria-live", "polite");
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const source = document.querySelector(button.dataset.copy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(("value" in source ? source.value : source.textContent).trim());
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select the text to copy it";
    }
    setTimeout(() => { button.textContent = label; }, 3000);
  });
}
