// Package sheets is the spreadsheet round trip of a project: it exports one
// fill-in workbook (指标填报表) per organisation and a consolidated workbook of
// the whole task table for the creation office, imports filled workbooks back
// (dry run first, then one transaction with full provenance, undoable), and
// builds the itemised feedback (条目式反馈) per organisation.
//
// Every workbook the package writes carries a very hidden metadata sheet
// (template version, project, organisation, export time, the values as
// exported) and a hidden key column on its data sheet, so that an import is
// exact even when rows were moved or sheets renamed. Filled workbooks are
// untrusted input: their size is capped, library panics are recovered, and
// every problem is reported in Chinese with file, sheet, cell, the value found
// and what is expected.
package sheets

// TemplateVersion is the version of the fill-in workbook layout this package
// writes. The importer reads every version up to this one.
const TemplateVersion = 1

// Sheet names as exported. The importer does not rely on them: it finds the
// sheets by their header rows, so renamed sheets import the same.
const (
	SheetGuide    = "填报说明"
	SheetData     = "指标数据"
	SheetEvidence = "佐证材料"
	sheetMeta     = "ecoreport_meta"
)

// Limits applied to workbooks that come back from organisations.
const (
	// MaxFileSize caps the size of an imported file.
	MaxFileSize = 20 << 20
	// maxUnzipSize caps the total uncompressed size of a workbook, and
	// maxPartSize the uncompressed size of one worksheet or the shared strings.
	maxUnzipSize = 100 << 20
	maxPartSize  = 16 << 20
	// maxRows and maxCols bound what is read from one sheet.
	maxRows = 5000
	maxCols = 120
)

// Headers of the data sheet (指标数据). Year columns are headed "2015年".
const (
	hdrCode      = "序号"
	hdrName      = "指标名称"
	hdrMeasure   = "计量单位"
	hdrTarget    = "目标值"
	hdrAttribute = "属性"
	hdrRole      = "本单位职责"
	hdrSource    = "数据来源"
	hdrNote      = "备注"
	hdrKey       = "系统标识（请勿修改）"
)

// Headers of the evidence sheet (佐证材料).
const (
	hdrEvIndicator = "指标序号"
	hdrEvYear      = "年度"
	hdrEvTitle     = "材料名称"
	hdrEvDocNo     = "文号"
	hdrEvIssuer    = "发文单位"
	hdrEvDate      = "发文日期"
	hdrEvPages     = "页数"
	hdrEvClass     = "分类"
	hdrEvFile      = "文件名"
)

// conditionSuffix marks the row key of a compound target's yes/no condition:
// "21:condition".
const conditionSuffix = ":condition"
