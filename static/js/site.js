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
  const label = button.innerHTML; // with any words only screen readers hear
  button.addEventListener("click", async () => {
    const source = document.querySelector(button.dataset.copy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(("value" in source ? source.value : source.textContent).trim());
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select the text to copy it";
    }
    setTimeout(() => { button.innerHTML = label; }, 3000);
  });
}

// Video facades (templates/components/video.html). The player waits in an inert
// <template>, so the video host is sent nothing until the visitor presses play; the
// link to the host becomes a button that puts the player in its place.
for (const stage of document.querySelectorAll("[data-video]")) {
  const link = stage.querySelector(".video__play");
  const template = stage.querySelector("template");
  if (!link || !template) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.append(...link.childNodes);
  link.replaceWith(button);
  button.addEventListener("click", () => {
    const player = document.importNode(template.content, true);
    const frame = player.querySelector("iframe");
    if (!frame) return;
    frame.title = stage.dataset.videoTitle;
    const source = new URL(frame.src);
    source.searchParams.set("autoplay", "1");
    frame.src = source.href;
    stage.replaceChildren(player);
    frame.focus();
  });
}
