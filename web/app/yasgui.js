// Loading YASGUI (@zazuko/yasgui from npm, served from /vendor/yasgui/): its editor (Yasqe)
// and its result viewer (Yasr), without the network features that would leave this server
// (LOV autocompletion, prefix.cc, URL shorteners).

const MODULE = "/vendor/yasgui/yasgui.esm.js";
const STYLES = "/vendor/yasgui/yasgui.min.css";

let loaded = null;

export function loadYasgui() {
  if (!loaded) {
    if (!document.querySelector(`link[href="${STYLES}"]`)) {
      document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLES }));
    }
    loaded = import(MODULE).then((m) => m.Yasgui || m.default).catch((error) => {
      loaded = null;
      throw new Error(`The SPARQL editor could not be loaded (${error.message}); run npm ci in web/.`);
    });
  }
  return loaded;
}
