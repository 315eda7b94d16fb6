// Start-up: the header search, the router, and one view per route.
import { errorBox, h, replace } from "./dom.js";
import { startRouter } from "./router.js";
import { searchBox } from "./search.js";
import * as documentView from "./views/document.js";
import * as documentsView from "./views/documents.js";
import * as entityView from "./views/entity.js";
import * as homeView from "./views/home.js";
import * as queryView from "./views/query.js";
import * as searchView from "./views/search.js";

const VIEWS = {
  home: homeView,
  search: searchView,
  entity: entityView,
  document: documentView,
  documents: documentsView,
  query: queryView,
};

const NAV_OF_VIEW = { home: "home", search: "home", entity: "home", document: "documents", documents: "documents", query: "query" };

const main = document.getElementById("main");
const headerSlot = document.querySelector("[data-search-slot=header]");
const headerSearch = searchBox();
headerSlot.append(headerSearch);

let firstRender = true;
let renderCount = 0;

document.querySelector("[data-skip]").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

async function render(route) {
  renderCount += 1;
  const ticket = renderCount;
  const view = VIEWS[route.name];
  headerSlot.hidden = route.name === "home";
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === NAV_OF_VIEW[route.name]) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  main.setAttribute("aria-busy", "true");
  let title = "Not found";
  try {
    if (!view) {
      replace(main, h("h1", { tabindex: "-1" }, "Page not found"),
        h("p", {}, "There is no page at this address. ", h("a", { href: "#/" }, "Go to the start page"), "."));
    } else {
      title = await view.render(main, route, { isCurrent: () => ticket === renderCount });
    }
  } catch (error) {
    if (ticket !== renderCount) return;
    console.error(error);
    replace(main, h("h1", { tabindex: "-1" }, "This page could not be shown"), errorBox(error, ""));
    title = "Error";
  }
  if (ticket !== renderCount) return;
  main.setAttribute("aria-busy", "false");
  document.title = title ? `${title} · crmkg` : "crmkg · critical raw materials knowledge graph";
  if (!firstRender) focusHeading(route);
  else if (route.params.get("focus")) main.querySelector(`#${CSS.escape(route.params.get("focus"))}`)?.scrollIntoView();
  firstRender = false;
}

/** After a navigation, move focus to the page's heading (or the element the route asks for). */
function focusHeading(route) {
  const target = (route.params.get("focus") && main.querySelector(`#${CSS.escape(route.params.get("focus"))}`))
    || main.querySelector("h1");
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
}

startRouter(render);
