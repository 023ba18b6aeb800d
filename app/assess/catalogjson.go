package assess

import "ecoreport/app/catalog"

// CatalogSchema names the version of the JSON that `ecoreport-cli catalog
// --json` writes. Fields are only ever added under the same name.
const CatalogSchema = "ecoreport.catalog/1"

// CatalogJSON is the stable JSON form of a catalog as a project uses it
// (documented in README). Unlike catalog.Catalog it has no links back from
// sub-indicators to their parent, so it can be encoded.
type CatalogJSON struct {
	Schema        string                 `json:"schema"`
	ID            string                 `json:"id"`
	Version       string                 `json:"version"`
	Name          string                 `json:"name"`
	Basis         string                 `json:"basis"`
	Domains       []CatalogDomainJSON    `json:"domains"`
	TaskGroups    []CatalogTaskGroupJSON `json:"task_groups"`
	Organisations []CatalogOrgJSON       `json:"organisations"`
	Indicators    []CatalogIndicatorJSON `json:"indicators"`
	Vetoes        []string               `json:"vetoes"`
}

// CatalogDomainJSON is one of the six domains.
type CatalogDomainJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// CatalogTaskGroupJSON is one of the task groups ((一)…(十)).
type CatalogTaskGroupJSON struct {
	No     int    `json:"no"`
	Name   string `json:"name"`
	Domain string `json:"domain"` // CatalogDomainJSON.ID
}

// CatalogOrgJSON is a responsible organisation or a group of them.
type CatalogOrgJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"` // department | town | office | group
	Aliases []string `json:"aliases"`
	Members []string `json:"members"` // organisation IDs of a group
}

// CatalogIndicatorJSON is an indicator or a sub-indicator.
type CatalogIndicatorJSON struct {
	Code        string                 `json:"code"`
	Name        string                 `json:"name"`
	MeasureUnit string                 `json:"measure_unit"`
	Target      *CatalogTargetJSON     `json:"target"` // null for a parent of sub-indicators
	Attribute   string                 `json:"attribute"`
	Band        string                 `json:"band,omitempty"`
	Domain      string                 `json:"domain"` // CatalogDomainJSON.ID
	TaskGroup   int                    `json:"task_group"`
	Lead        []string               `json:"lead"`    // organisation IDs
	Support     []string               `json:"support"` // organisation IDs
	Veto        bool                   `json:"veto"`
	Subs        []CatalogIndicatorJSON `json:"subs,omitempty"`
}

// CatalogTargetJSON is a target, as text and in parts.
type CatalogTargetJSON struct {
	Text      string   `json:"text"` // as the plan prints it, with measure unit: "≥80%"
	Kind      string   `json:"kind"` // numeric | state | pending
	Op        string   `json:"op,omitempty"`
	Value     *float64 `json:"value,omitempty"`
	NoDecline bool     `json:"no_decline"`
	Condition string   `json:"condition,omitempty"`
	State     string   `json:"state,omitempty"`
	NotState  string   `json:"not_state,omitempty"`
	Pending   string   `json:"pending,omitempty"`
}

// CatalogToJSON returns a catalog in its stable JSON form.
func CatalogToJSON(cat *catalog.Catalog) CatalogJSON {
	out := CatalogJSON{
		Schema: CatalogSchema, ID: cat.ID, Version: cat.Version, Name: cat.Name, Basis: cat.Basis,
		Domains: []CatalogDomainJSON{}, TaskGroups: []CatalogTaskGroupJSON{}, Organisations: []CatalogOrgJSON{},
		Indicators: []CatalogIndicatorJSON{}, Vetoes: nonNilStrings(cat.Vetoes),
	}
	for _, d := range cat.Domains {
		out.Domains = append(out.Domains, CatalogDomainJSON{ID: d.ID, Name: d.Name})
	}
	for _, g := range cat.TaskGroups {
		out.TaskGroups = append(out.TaskGroups, CatalogTaskGroupJSON{No: g.No, Name: g.Name, Domain: g.Domain})
	}
	for _, o := range cat.Organisations {
		out.Organisations = append(out.Organisations, CatalogOrgJSON{ID: o.ID, Name: o.Name, Kind: o.Kind,
			Aliases: nonNilStrings(o.Aliases), Members: nonNilStrings(o.Members)})
	}
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		j := catalogIndicatorJSON(cat, ind)
		for k := range ind.Subs {
			j.Subs = append(j.Subs, catalogIndicatorJSON(cat, &ind.Subs[k]))
		}
		out.Indicators = append(out.Indicators, j)
	}
	return out
}

func catalogIndicatorJSON(cat *catalog.Catalog, ind *catalog.Indicator) CatalogIndicatorJSON {
	j := CatalogIndicatorJSON{
		Code: ind.Code, Name: ind.Name, MeasureUnit: ind.MeasureUnit, Attribute: string(ind.Attribute),
		Band: ind.Band, Domain: ind.Domain, TaskGroup: ind.TaskGroup,
		Lead: nonNilStrings(ind.Lead), Support: nonNilStrings(ind.Support),
		Veto: cat.IsVeto(ind.Code) && !ind.IsSub(),
	}
	if t := ind.Target; t != nil {
		kind := map[catalog.TargetKind]string{catalog.Numeric: "numeric", catalog.State: "state", catalog.Pending: "pending"}[t.Kind()]
		j.Target = &CatalogTargetJSON{Text: t.Format(ind.MeasureUnit), Kind: kind, Op: string(t.Op), Value: t.Value,
			NoDecline: t.NoDecline, Condition: t.Condition, State: t.State, NotState: t.NotState, Pending: t.Pending}
	}
	return j
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
