"""The response models of the REST layer: what every ``/api`` answer looks like in OpenAPI.

Entities are referred to everywhere by the same small :class:`EntityRef` (key, IRI, label,
type), and every fact carries its :class:`Evidence`, so a client written against one endpoint
reads the others.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class EntityRef(BaseModel):
    """An entity as other answers refer to it."""

    id: str = Field(description="The entity key (`material/gallium`), usable as `{id}`.")
    iri: str = Field(description="The entity IRI; it dereferences to HTML and RDF.")
    label: str = Field(description="Preferred label: English, else Dutch, else any.")
    type: str = Field(description="Main type: Material, Country, Organization, Policy, ...")


class Page(BaseModel, Generic[T]):
    """A page of a longer list."""

    total: int = Field(description="Items in the whole list.")
    limit: int
    offset: int
    items: list[T]


class SearchHit(EntityRef):
    types: list[str]
    matched: str = Field(description="The name, code or symbol that matched the query.")
    matched_kind: str = Field(description="pref, alt, hidden, symbol, iso3166, acronym, ...")
    lang: str | None = None
    mentions: int = Field(description="How often the documents mention the entity.")


class Label(BaseModel):
    value: str
    lang: str | None = None
    kind: str = Field(description="pref, alt, hidden, acronym, symbol, adjective, metonym, ...")


class Identifier(BaseModel):
    scheme: str = Field(description="symbol, wikidata, iso3166, acronym, kamerstuk, ...")
    value: str
    iri: str | None = Field(None, description="The identifier as an IRI (Wikidata entity).")


class Statement(BaseModel):
    """Another statement of the vocabularies about the entity (e.g. `skos:broader`)."""

    property: str
    value: str
    iri: str | None = None
    lang: str | None = None
    label: str | None = Field(None, description="The label of the value, when an entity.")


class Evidence(BaseModel):
    """One assertion of a fact: where it was read and how."""

    assertion: str = Field(description="IRI of the crm:Assertion.")
    sentence: str | None = Field(None, description="The sentence that states the fact.")
    start: int | None = Field(None, description="Offset of the sentence in the document text.")
    end: int | None = None
    span: str | None = Field(None, description="IRI of the sentence span (`...#char=s,e`).")
    document: str | None = Field(None, description="Document id.")
    document_iri: str | None = None
    document_title: str | None = None
    rule: str | None = Field(None, description="The extraction rule that produced it.")
    confidence: float | None = None
    mood: str = Field(description='"asserted", or "question" for a fact only asked about.')
    qualifiers: dict[str, str | float] = Field(
        default_factory=dict, description="share, amount, year, role, unit, ..."
    )


class Relation(BaseModel):
    """A fact (subject, relation, object) with every assertion that states it."""

    subject: EntityRef
    predicate: str = Field(description="Relation name: restrictsExportOf, produces, ...")
    predicate_iri: str
    label: str = Field(description="Readable relation name.")
    object: EntityRef
    direction: Literal["out", "in"] | None = Field(
        None, description="Seen from the entity asked about: out when it is the subject."
    )
    confidence: float | None = Field(None, description="Highest confidence of the assertions.")
    documents: list[str]
    evidence: list[Evidence]
    evidence_total: int = Field(0, description="Assertions of the fact, shown or not.")


class Relations(BaseModel):
    outgoing: list[Relation]
    incoming: list[Relation]


class MentioningDocument(BaseModel):
    id: str
    iri: str
    title: str
    date: str | None = None
    mentions: int


class Target(BaseModel):
    """A quantified goal a policy sets, with its evidence."""

    iri: str
    label: str
    share: float | None = None
    year: int | None = None
    evidence: Evidence


class EntityDetail(EntityRef):
    types: list[str]
    labels: list[Label]
    identifiers: list[Identifier]
    description: str | None = None
    statements: list[Statement]
    relations: Relations
    questions: list[Relation] = Field(description="Facts the documents only ask about.")
    targets: list[Target]
    documents: list[MentioningDocument]
    mention_count: int


class Linked(BaseModel):
    """An entity linked to the focus by one relation, with the evidence of those facts."""

    entity: EntityRef
    confidence: float | None = None
    documents: list[str]
    evidence: list[Evidence]
    evidence_total: int = Field(0, description="Assertions of the fact, shown or not.")


class RelationGroup(BaseModel):
    relation: str
    label: str
    direction: Literal["out", "in"] = Field(
        description="out: the focus is the subject (`gallium usedIn ...`); in: the object "
        "(`China restrictsExportOf gallium`)."
    )
    linked: list[Linked]


class FocusLinks(BaseModel):
    """The entities of one type linked to the focus entity, grouped by relation."""

    focus: EntityRef
    linked_type: str
    entities: list[EntityRef]
    groups: list[RelationGroup]


class NetworkNode(EntityRef):
    distance: int = Field(description="Facts between this entity and the centre.")


class NetworkEdge(BaseModel):
    source: str = Field(description="Key of the subject.")
    target: str = Field(description="Key of the object.")
    predicate: str
    confidence: float | None = None
    documents: list[str]
    assertions: list[str]


class Neighbourhood(BaseModel):
    center: EntityRef
    depth: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class Hop(BaseModel):
    """One step of a path: two entities and the facts that link them, in either direction."""

    source: EntityRef
    target: EntityRef
    relations: list[Relation]


class GraphPath(BaseModel):
    nodes: list[EntityRef]
    hops: list[Hop]


class PathAnswer(BaseModel):
    source: EntityRef
    target: EntityRef
    length: int | None = Field(None, description="Hops of the shortest paths; null if none.")
    paths: list[GraphPath]


class RankedEntity(EntityRef):
    rank: int
    score: float
    degree: int = Field(description="Distinct entities linked to it.")


class Ranking(BaseModel):
    measure: Literal["degree", "pagerank", "betweenness"]
    type: str | None = None
    total: int
    limit: int
    offset: int
    items: list[RankedEntity]


class DocumentSummary(BaseModel):
    id: str
    iri: str
    title: str
    date: str | None = None
    language: str | None = None
    kind: str | None = None
    source: str | None = Field(None, description="The file it was read from.")
    identifiers: dict[str, list[str]]
    entity_count: int
    relation_count: int
    question_count: int


class Mention(BaseModel):
    text: str
    start: int = Field(description="Offset in the document text.")
    end: int
    sentence_start: int | None = None


class DocumentEntity(EntityRef):
    mentions: list[Mention]


class DocumentDetail(DocumentSummary):
    text: str = Field(description="The clean text; all offsets point into it.")
    entities: list[DocumentEntity]
    facts: list[Relation]
    questions: list[Relation]


class NetworkStats(BaseModel):
    nodes: int
    edges: int
    components: int


class Stats(BaseModel):
    version: int = Field(description="Store version; changes on every write.")
    triples: int
    graphs: int
    documents: int
    entities: int
    entities_by_type: dict[str, int]
    facts: int = Field(description="Distinct asserted (subject, relation, object) triples.")
    assertions: int = Field(description="Asserted statements; a fact may have several.")
    questions: int
    relations_by_type: dict[str, int] = Field(description="Facts per relation.")
    mentions: int
    network: NetworkStats
