package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"ecoreport/seeds"
)

// demoNarratives is the shape of seeds/narratives.yaml.
type demoNarratives struct {
	Reviewer string `yaml:"reviewer"`
	Texts    []struct {
		Indicator string `yaml:"indicator"`
		Org       string `yaml:"org"`
		Measures  string `yaml:"measures"`
		Results   string `yaml:"results"`
		Problems  string `yaml:"problems"`
		State     string `yaml:"state"` // accepted (default), pending, needs_more
		Feedback  string `yaml:"feedback"`
	} `yaml:"texts"`
}

// LoadDemoNarratives writes the demo's per-indicator texts as the lead
// organisations' workbooks brought them (end of April) and the office's
// review of them (mid-May).
func (s *Store) LoadDemoNarratives() error {
	var d demoNarratives
	dec := yaml.NewDecoder(bytes.NewReader(seeds.Narratives))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return fmt.Errorf("示例文字 %s 格式错误：%v", seeds.NarrativesFile, err)
	}
	cat, err := s.Catalog()
	if err != nil {
		return err
	}
	saved := s.Now
	defer func() { s.Now = saved }()
	s.Now = func() time.Time { return demoEvidenceTime }
	type review struct {
		key      NarrativeKey
		eventID  int64
		state    NarrativeState
		feedback string
	}
	var reviews []review
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		for _, t := range d.Texts {
			for _, f := range []struct {
				field NarrativeField
				text  string
			}{{Measures, t.Measures}, {Results, t.Results}, {Problems, t.Problems}} {
				if f.text == "" {
					continue
				}
				if err := CheckNarrative(cat, t.Indicator, f.field, f.text); err != nil {
					return fmt.Errorf("%s: %w", seeds.NarrativesFile, err)
				}
				id, err := s.InsertNarrative(tx, Narrative{Code: t.Indicator, Field: f.field, Text: f.text,
					Provenance: Provenance{Actor: DemoActor, Origin: "demo", Org: t.Org}})
				if err != nil {
					return err
				}
				// needs_more: the feedback is about the results; the other
				// fields of the indicator are accepted.
				st := NarrativeAccepted
				switch t.State {
				case "", "accepted":
				case "needs_more":
					if f.field == Results {
						st = NarrativeNeedsMore
					}
				case "pending":
					continue
				default:
					return fmt.Errorf("%s：指标 %s 的状态 %q 无效", seeds.NarrativesFile, t.Indicator, t.State)
				}
				reviews = append(reviews, review{NarrativeKey{t.Indicator, f.field}, id, st, t.Feedback})
			}
		}
		// The office checked the material by mid-May (三(三)), in the same
		// transaction: one commit for the whole demo text set.
		s.Now = func() time.Time { return time.Date(2018, 5, 15, 16, 0, 0, 0, demoTime.Location()) }
		for _, r := range reviews {
			fb := ""
			if r.state == NarrativeNeedsMore {
				fb = r.feedback
			}
			if err := checkReview(r.state, fb, d.Reviewer); err != nil {
				return fmt.Errorf("%s：指标 %s：%w", seeds.NarrativesFile, r.key.Code, err)
			}
			if err := s.insertReview(tx, r.key.Code, r.key.Field, r.eventID, r.state, fb, d.Reviewer); err != nil {
				return err
			}
		}
		return nil
	})
}
