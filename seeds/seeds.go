// Package seeds embeds the district's indicator catalog and the demo data set,
// so that every binary can create a project without any file beside it.
package seeds

import "embed"

// CatalogFile is the file name of the embedded catalog, used in messages.
const CatalogFile = "seeds/catalog.yaml"

// Catalog is the indicator catalog of 海陵区, transcribed from the plan
// 泰海政办发〔2018〕26号 and its two annexes.
//
//go:embed catalog.yaml
var Catalog []byte

// DemoFile is the file name of the embedded demo data set.
const DemoFile = "seeds/demo.yaml"

// Demo is the demo project's sample data (示例数据): values for the assessed
// years, some resolutions, and evidence items.
//
//go:embed demo.yaml
var Demo []byte

// NarrativesFile is the file name of the embedded demo texts.
const NarrativesFile = "seeds/narratives.yaml"

// Narratives are the demo project's per-indicator texts (主要措施, 主要成效,
// 存在问题) as the lead organisations sent them (示例数据), with their review.
//
//go:embed narratives.yaml
var Narratives []byte

// ConditionsFile is the file name of the embedded prerequisites.
const ConditionsFile = "seeds/conditions.yaml"

// Conditions are the customary prerequisites of an application (基本条件),
// which the office judges one by one, and the demo project's judgement of
// them (示例数据).
//
//go:embed conditions.yaml
var Conditions []byte

// Samples are the demo project's sample attachments (示例数据): one-page
// PDFs in Chinese, every page marked 示例数据, made by
// seeds/internal/samplegen (plan.pdf, assessment-rules.pdf,
// no-emergency-statement.pdf).
//
//go:embed samples/*.pdf
var Samples embed.FS
