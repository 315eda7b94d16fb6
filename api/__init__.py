"""The FastAPI service: SPARQL endpoint, REST layer, linked-data pages and the web page."""
