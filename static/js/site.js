// Progressive enhancement only: the site works fully without this file.
// Moves focus to <main> after the skip link in browsers that leave it on the link.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".skip-link");
  if (!link) return;
  const main = document.getElementById("main");
  if (main) main.focus();
});
