// The neighbourhood graph (cytoscape.js, served from /vendor/). A click on a node opens that
// entity; the graph then grows by that entity's neighbours instead of starting over.
import { h, plural } from "./dom.js";
import { relationPhrase, typeKey } from "./vocabulary.js";

const CYTOSCAPE = "/vendor/cytoscape/cytoscape.esm.min.mjs";

const TYPE_COLOURS = {
  Material: "#b35c00",
  Country: "#1f6f43",
  Organization: "#1f4e79",
  Policy: "#6a3d9a",
  Person: "#a4243b",
  PoliticalParty: "#c2185b",
  Document: "#5f6b7a",
  Event: "#00838f",
  Sector: "#7a6300",
  Entity: "#444",
};

let cytoscapeModule = null;

async function loadCytoscape() {
  if (!cytoscapeModule) {
    cytoscapeModule = import(CYTOSCAPE).then((m) => m.default).catch((error) => {
      cytoscapeModule = null;
      throw new Error(`The graph library could not be loaded (${error.message}); run npm ci in web/.`);
    });
  }
  return cytoscapeModule;
}

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": (n) => TYPE_COLOURS[n.data("type")] || TYPE_COLOURS.Entity,
      label: "data(label)",
      color: "#1b1f24",
      "font-size": 11,
      "font-family": "system-ui, sans-serif",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-wrap": "ellipsis",
      "text-max-width": 110,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.8,
      "text-background-padding": 1,
      width: 18,
      height: 18,
      "border-width": 2,
      "border-color": "#ffffff",
    },
  },
  { selector: "node[?visited]", style: { width: 22, height: 22 } },
  {
    selector: "node.focus",
    style: { width: 32, height: 32, "border-color": "#f2b134", "border-width": 4, "font-size": 13, "font-weight": "bold", "text-max-width": 200, "z-index": 10 },
  },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#9aa5b1",
      "target-arrow-color": "#9aa5b1",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.8,
      "curve-style": "bezier",
      label: "data(phrase)",
      "font-size": 9,
      color: "#52606d",
      "text-rotation": "autorotate",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "min-zoomed-font-size": 7,
    },
  },
  { selector: "edge.focus-edge", style: { width: 2.5, "line-color": "#52606d", "target-arrow-color": "#52606d" } },
  { selector: "node:active", style: { "overlay-opacity": 0.12 } },
];

export class NeighbourhoodGraph {
  /** `onOpen(id)` is called when a node is clicked. */
  constructor({ onOpen }) {
    this.onOpen = onOpen;
    this.caption = h("p", { class: "graph__caption", id: "graph-caption" });
    this.canvas = h("div", {
      class: "graph__canvas",
      role: "img",
      "aria-describedby": "graph-caption",
      "data-testid": "graph",
    });
    this.element = h("figure", { class: "graph" },
      this.canvas,
      h("figcaption", {},
        this.caption,
        h("div", { class: "graph__tools" },
          h("button", { type: "button", class: "button button--small", onclick: () => this.fit() }, "Fit"),
          h("button", { type: "button", class: "button button--small", onclick: () => this.restart() }, "Start over"))));
    this.cy = null;
    this.focus = null;
    // A small handle for the browser tests and the console.
    window.crmkgGraph = {
      nodeCount: () => (this.cy ? this.cy.nodes().length : 0),
      has: (id) => this.hasNode(id),
      renderedPosition: (id) => (this.hasNode(id) ? this.cy.getElementById(id).renderedPosition() : null),
    };
  }

  /** Show `id`'s neighbourhood: added to the graph when `id` is already in it, else anew. */
  async show(id, neighbourhood, label) {
    const cytoscape = await loadCytoscape();
    if (!this.cy) {
      this.cy = cytoscape({
        container: this.canvas,
        style: STYLE,
        minZoom: 0.2,
        maxZoom: 3,
        boxSelectionEnabled: false,
        autounselectify: true,
      });
      this.cy.on("tap", "node", (event) => this.onOpen(event.target.id()));
    }
    if (!this.canvas.isConnected) return;
    this.cy.resize(); // the element may have moved to a new page since the last drawing
    const keep = this.cy.getElementById(id).nonempty();
    if (!keep) this.cy.elements().remove();
    const before = new Set(this.cy.nodes().map((n) => n.id()));
    const origin = keep ? this.cy.getElementById(id).position() : { x: 0, y: 0 };
    this.cy.batch(() => {
      this.addNode(neighbourhood.nodes.find((n) => n.id === id) || { id, label }, origin);
      for (const node of neighbourhood.nodes) this.addNode(node, origin);
      for (const edge of neighbourhood.edges) this.addEdge(edge);
      this.cy.nodes().removeClass("focus");
      this.cy.edges().removeClass("focus-edge");
      const focus = this.cy.getElementById(id);
      focus.addClass("focus").data("visited", true);
      focus.connectedEdges().addClass("focus-edge");
    });
    this.focus = id;
    this.layout();
    const added = this.cy.nodes().length - before.size;
    const total = this.cy.nodes().length;
    const hint = "Click a node to open it and grow the graph; the same facts are listed on this page.";
    this.caption.textContent = keep && before.size > 1
      ? `${label} in the centre of the explored graph: ${added ? `${plural(added, "new node")} added` : "no new nodes"}, ${plural(total, "node")} in all. ${hint}`
      : `Graph of ${label} and its ${plural(total - 1, "neighbour")}. ${hint}`;
    this.canvas.setAttribute("aria-label", `Neighbourhood graph of ${label}`);
  }

  addNode(node, near) {
    if (!node.id || this.cy.getElementById(node.id).nonempty()) {
      if (node.id && node.label && !this.cy.getElementById(node.id).data("label")) {
        this.cy.getElementById(node.id).data("label", node.label);
      }
      return;
    }
    this.cy.add({
      group: "nodes",
      data: { id: node.id, label: node.label || node.id, type: typeKey(node.type) },
      position: { x: near.x + (Math.random() - 0.5) * 60, y: near.y + (Math.random() - 0.5) * 60 },
    });
  }

  addEdge(edge) {
    const id = `${edge.source}|${edge.name}|${edge.target}`;
    if (this.cy.getElementById(id).nonempty()) return;
    if (this.cy.getElementById(edge.source).empty() || this.cy.getElementById(edge.target).empty()) return;
    this.cy.add({ group: "edges", data: { id, source: edge.source, target: edge.target, phrase: relationPhrase(edge.name) } });
  }

  /**
   * Rings around the current entity: its neighbours on the first ring, theirs on the next
   * (breadth-first distance), so that the graph reads from the centre outwards.
   */
  layout() {
    const focus = this.cy.getElementById(this.focus);
    const distance = new Map();
    this.cy.elements().bfs({
      roots: focus,
      directed: false,
      visit: (node, _edge, _previous, _index, depth) => { distance.set(node.id(), depth); },
    });
    const far = Math.max(0, ...distance.values()) + 1;
    const nodes = this.cy.nodes().length;
    this.cy.layout({
      name: "concentric",
      animate: false,
      fit: true,
      padding: 28,
      avoidOverlap: true,
      minNodeSpacing: 60,
      spacingFactor: nodes <= 3 ? 2.6 : nodes <= 8 ? 1.6 : 1.1, // short edges hide their names
      startAngle: 0,
      concentric: (node) => far - (distance.get(node.id()) ?? far),
      levelWidth: () => 1,
    }).run();
    this.limitZoom();
  }

  /** A small graph is not blown up: fit, but no closer than 1.3x. */
  limitZoom() {
    if (this.cy.zoom() > 1.3) {
      this.cy.zoom(1.3);
      this.cy.center();
    }
  }

  fit() {
    if (!this.cy) return;
    this.cy.fit(undefined, 24);
    this.limitZoom();
  }

  /** Forget the explored part: only the current entity's neighbourhood stays. */
  restart() {
    if (!this.cy || !this.focus) return;
    const focus = this.cy.getElementById(this.focus);
    const keep = focus.closedNeighborhood();
    this.cy.elements().difference(keep).remove();
    this.layout();
  }

  hasNode(id) {
    return Boolean(this.cy && this.cy.getElementById(id).nonempty());
  }
}
