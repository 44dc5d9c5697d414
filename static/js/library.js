// The library's filters without a full reload (progressive enhancement: the form is
// an ordinary GET form and works without this file). Changing a filter fetches the
// same page for the new address, swaps in its filters and results, keeps the address
// bar in step (so the view can still be shared and bookmarked) and says how many
// items are shown.
(() => {
  const root = document.querySelector("[data-library]");
  if (!root || !window.fetch || !window.DOMParser) return;
  const status = document.querySelector("[data-library-status]");
  let latest = 0;
  // The address whose results are shown, so a change of #fragment alone (the skip
  // link) is not mistaken for a step back through the filters.
  const addressShown = () => window.location.pathname + window.location.search;
  let shown = addressShown();

  const addressOf = (form) => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value.trim() !== "") params.append(name, value);
    }
    // The default order is implied; leaving it out keeps shared addresses short.
    const sort = form.querySelector("select[name=sort]");
    if (sort && sort.selectedIndex === 0) params.delete("sort");
    const query = params.toString();
    return form.action.split("?")[0] + (query ? `?${query}` : "");
  };

  const show = async (url, push) => {
    const request = ++latest;
    const results = document.getElementById("library-results");
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(String(response.status));
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      if (request !== latest) return; // a later change has overtaken this one
      const wasOpen = document.querySelector("[data-library-more]")?.open;
      const focused = document.activeElement;
      const search = document.getElementById("library-q");
      // Someone still typing in the search box keeps what they have typed.
      const typing = focused === search ? search.value : null;
      const key = focused && focused.name ? [focused.name, focused.value] : null;
      const onButton = focused && focused.matches("[data-library-form] button[type=submit]");
      document.querySelector("[data-library-form]").replaceWith(next.querySelector("[data-library-form]"));
      results.replaceWith(next.getElementById("library-results"));
      document.title = next.title;
      const more = document.querySelector("[data-library-more]");
      if (more && wasOpen !== undefined) more.open = wasOpen;
      if (push) history.pushState({ library: true }, "", url);
      shown = addressShown();
      bind();
      // Focus returns to the same control in the new form; if it is gone (a box whose
      // option left the list), to the results, never to the top of the page.
      let target = null;
      if (typing !== null) {
        target = document.getElementById("library-q");
        target.value = typing;
      } else if (onButton) {
        target = document.querySelector("[data-library-form] button[type=submit]");
      } else if (key) {
        target = [...document.querySelectorAll("[data-library-form] [name]")].find(
          (el) => el.name === key[0] && (el.type !== "checkbox" || el.value === key[1]),
        );
      }
      if (target) {
        const folded = target.closest("details:not([open])");
        if (folded) folded.open = true;
        target.focus();
      } else if (focused && focused !== document.body) {
        document.getElementById("results-heading")?.focus();
      }
      const heading = document.getElementById("results-heading");
      if (status && heading) status.textContent = heading.textContent.replace(/\s+/g, " ").trim();
    } catch {
      window.location.assign(url); // fall back to an ordinary page load
    }
  };

  const bind = () => {
    const form = document.querySelector("[data-library-form]");
    if (!form) return;
    form.addEventListener("change", (event) => {
      if (event.target.matches("input[type=checkbox], select")) show(addressOf(form), true);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show(addressOf(form), true);
    });
    const results = document.getElementById("library-results");
    results.addEventListener("click", (event) => {
      const link = event.target.closest("a[href]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const url = new URL(link.href, window.location.href);
      if (url.pathname !== window.location.pathname) return;
      event.preventDefault();
      show(url.href, true).then(() => document.getElementById("results-heading")?.focus());
    });
  };

  // On a small screen the filters fold away under "Filter and sort", so the results
  // are not pushed a screen or two down.
  const more = document.querySelector("[data-library-more]");
  if (more && window.matchMedia("(max-width: 63.99rem)").matches) more.open = false;

  window.addEventListener("popstate", () => {
    if (addressShown() !== shown) show(window.location.href, false);
  });
  bind();
})();
