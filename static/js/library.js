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
      const focused = document.activeElement;
      const key = focused && focused.name ? [focused.name, focused.value] : null;
      document.querySelector("[data-library-form]").replaceWith(next.querySelector("[data-library-form]"));
      results.replaceWith(next.getElementById("library-results"));
      document.title = next.title;
      if (push) history.pushState({ library: true }, "", url);
      bind();
      if (key) {
        const again = [...document.querySelectorAll("[data-library-form] [name]")].find(
          (el) => el.name === key[0] && (el.type !== "checkbox" || el.value === key[1]),
        );
        if (again) again.focus();
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

  window.addEventListener("popstate", () => show(window.location.href, false));
  bind();
})();
