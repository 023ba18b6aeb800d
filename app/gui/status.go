package gui

import (
	"image/color"

	"ecoreport/app/eval"
)

// statusColors are the colours of the readiness statuses: a light background
// for grid cells and a strong colour for text and badges.
type statusColors struct {
	bg, fg color.NRGBA
}

var (
	metColors     = statusColors{color.NRGBA{0xe3, 0xf4, 0xe4, 0xff}, color.NRGBA{0x1b, 0x5e, 0x20, 0xff}}
	notMetColors  = statusColors{color.NRGBA{0xfd, 0xe4, 0xe4, 0xff}, color.NRGBA{0xb7, 0x1c, 0x1c, 0xff}}
	missingColors = statusColors{color.NRGBA{0xee, 0xee, 0xee, 0xff}, color.NRGBA{0x61, 0x61, 0x61, 0xff}}
	pendingColors = statusColors{color.NRGBA{0xff, 0xf1, 0xcc, 0xff}, color.NRGBA{0x9a, 0x5b, 0x00, 0xff}}
)

// colorsOf returns the colours of a status.
func colorsOf(s eval.Status) statusColors {
	switch s {
	case eval.Met:
		return metColors
	case eval.NotMet:
		return notMetColors
	case eval.TargetPending:
		return pendingColors
	}
	return missingColors
}

// outcomeColor is the colour of the overall verdict.
func outcomeColor(o eval.Outcome) color.NRGBA {
	switch o {
	case eval.Pass:
		return metColors.fg
	case eval.Fail:
		return notMetColors.fg
	}
	return pendingColors.fg
}
