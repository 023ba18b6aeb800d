package gui

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/demo"
	"ecoreport/app/eval"
	"ecoreport/app/store"
)

// Project is the bridge between the store and the screens: it holds the open
// store and the latest assessment, writes through the store and keeps the
// assessment up to date. It knows nothing of widgets; its methods may run on
// any goroutine (the screens call the slow ones off the UI thread).
type Project struct {
	Store *store.Store
	// Demo marks the embedded demo project (示例数据), whose file is temporary.
	Demo bool

	mu sync.Mutex
	a  *assess.Assessment
}

// OpenProject opens a project file and assesses it.
func OpenProject(path string) (*Project, error) {
	s, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	return newProject(s, false)
}

// OpenDemoProject creates the demo project (示例数据) in a temporary folder.
func OpenDemoProject() (*Project, error) {
	s, err := demo.Open()
	if err != nil {
		return nil, err
	}
	return newProject(s, true)
}

// NewProjectFromStore wraps a store that is open already (tests, benchmarks).
func NewProjectFromStore(s *store.Store) (*Project, error) { return newProject(s, false) }

func newProject(s *store.Store, demo bool) (*Project, error) {
	p := &Project{Store: s, Demo: demo}
	if err := p.Reload(); err != nil {
		s.Close()
		return nil, err
	}
	return p, nil
}

// Reload reads the whole project again.
func (p *Project) Reload() error {
	a, err := assess.Load(p.Store)
	if err != nil {
		return fmt.Errorf("读取项目： %w", err)
	}
	p.mu.Lock()
	p.a = a
	p.mu.Unlock()
	return nil
}

// Assessment returns the latest snapshot. It must be treated as read-only.
func (p *Project) Assessment() *assess.Assessment {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.a
}

// Sample reports whether the project holds sample data (示例数据).
func (p *Project) Sample() bool { return p.Demo || p.Assessment().Settings.Sample }

// Close closes the store.
func (p *Project) Close() error { return p.Store.Close() }

// SetValue records one value typed in the window and updates the snapshot
// without reading the whole project again: the value set is patched and the
// pure evaluation run again. On error nothing is written.
func (p *Project) SetValue(code string, year int, field, raw, actor string) (store.Checked, error) {
	ch, err := p.Store.SetValue(context.Background(), store.Change{
		Code: code, Year: year, Field: field, Raw: raw,
		Provenance: store.Provenance{Actor: actor, Origin: "gui"},
	})
	if err != nil {
		return ch, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.a
	a := *old
	a.Values = make(catalog.ValueSet, len(old.Values)+1)
	for k, v := range old.Values {
		a.Values[k] = v
	}
	key := catalog.ValueKey{Code: ch.Code, Year: ch.Year, Field: ch.Field}
	if ch.Cleared {
		delete(a.Values, key)
	} else {
		a.Values[key] = ch.Value
	}
	a.Eval = eval.Evaluate(a.Catalog, a.Values, a.Settings.Years(), a.Settings.LatestAssessedYear(), a.Rule())
	a.Completeness = eval.Completeness(a.Catalog, a.Values, a.Settings.AssessedYears)
	if evs, err := p.Store.History(ch.Code, ch.Year); err == nil && len(evs) > 0 {
		prov := make(map[catalog.ValueKey]store.ValueEvent, len(old.Provenance)+1)
		for k, v := range old.Provenance {
			prov[k] = v
		}
		for _, e := range evs {
			if e.Field == ch.Field {
				prov[key] = e
			}
		}
		a.Provenance = prov
	}
	p.a = &a
	return ch, nil
}

// Resolve records the office's choice on a disagreement and reloads.
func (p *Project) Resolve(id, choice, actor, reason string) error {
	if err := p.Store.Resolve(id, choice, actor, reason); err != nil {
		return err
	}
	return p.Reload()
}

// SetTarget records a target the office entered and reloads.
func (p *Project) SetTarget(code, text, actor, reason string) error {
	if err := p.Store.SetTarget(code, text, actor, reason); err != nil {
		return err
	}
	return p.Reload()
}

// SetSettings changes the project's settings and reloads.
func (p *Project) SetSettings(st store.Settings) error {
	if err := p.Store.SetSettings(st); err != nil {
		return err
	}
	return p.Reload()
}

// SetAssignments changes an indicator's lead and supporting organisations.
func (p *Project) SetAssignments(code string, lead, support []string) error {
	if err := p.Store.SetAssignments(code, lead, support); err != nil {
		return err
	}
	return p.Reload()
}

// AddOrganisation registers an organisation, optionally in a group, with an
// identifier derived from its name.
func (p *Project) AddOrganisation(name, kind, group string) error {
	if name == "" {
		return errors.New("单位名称不能为空")
	}
	sum := sha1.Sum([]byte(name))
	o := catalog.Organisation{ID: "org-" + hex.EncodeToString(sum[:4]), Name: name, Kind: kind}
	if err := p.Store.AddOrganisation(o, group); err != nil {
		return err
	}
	return p.Reload()
}

// OrgProgress is how far an organisation is with the values it leads.
type OrgProgress struct {
	Org      catalog.Organisation
	Filled   int
	Expected int
}

// Progress lists, per organisation that leads at least one indicator, the
// values filled and expected for the assessed years (a compound target's
// condition counts as a value of its own).
func Progress(a *assess.Assessment) []OrgProgress {
	var out []OrgProgress
	for _, o := range a.Catalog.Organisations {
		if o.Kind == catalog.KindGroup {
			continue
		}
		lead, _ := a.Catalog.Led(o.ID)
		if len(lead) == 0 {
			continue
		}
		pr := OrgProgress{Org: o}
		for _, top := range lead {
			leaves := []*catalog.Indicator{top}
			if !top.Measurable() {
				leaves = leaves[:0]
				for i := range top.Subs {
					leaves = append(leaves, &top.Subs[i])
				}
			}
			for _, ind := range leaves {
				for _, y := range a.Settings.AssessedYears {
					pr.Expected++
					if _, ok := a.Values.Get(ind.Code, y); ok {
						pr.Filled++
					}
					if ind.Target != nil && ind.Target.Condition != "" {
						pr.Expected++
						if _, ok := a.Values.Condition(ind.Code, y); ok {
							pr.Filled++
						}
					}
				}
			}
		}
		out = append(out, pr)
	}
	return out
}
