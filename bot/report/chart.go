package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
)

// The chart's size in pixels; the HTML shows it at this size, scaled down
// on a phone.
const (
	ChartWidth  = 960
	ChartHeight = 400
)

var (
	chartInk   = color.RGBA{0x22, 0x22, 0x22, 0xff}
	chartGrid  = color.RGBA{0xe3, 0xe3, 0xe8, 0xff}
	chartPaper = color.RGBA{0xff, 0xff, 0xff, 0xff}
	// outcomeColors are told apart by people with the common colour
	// blindnesses (blue-grey, orange, purple, red, dark grey).
	outcomeColors = [numOutcomes]color.RGBA{
		OutVisible:   {0xa9, 0xbc, 0xd0, 0xff},
		OutQueued:    {0xf0, 0xa2, 0x02, 0xff},
		OutWouldHide: {0x8e, 0x6b, 0xbf, 0xff},
		OutHidden:    {0xc0, 0x39, 0x2b, 0xff},
		OutFailed:    {0x4d, 0x4d, 0x4d, 0xff},
	}
)

// Chart draws the comments judged per day, stacked by outcome, with a
// legend, as a PNG of ChartWidth × ChartHeight.
func Chart(r *Report) ([]byte, error) {
	const scale, margin = 2, 16
	img := image.NewRGBA(image.Rect(0, 0, ChartWidth, ChartHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(chartPaper), image.Point{}, draw.Src)
	drawText(img, margin, 12, "Commentaires jugés par jour – "+r.MonthLabel(), scale, chartInk)

	// Legend: the outcomes the month has, and always the usual three.
	var totals [numOutcomes]int
	for _, d := range r.Days {
		for o, n := range d.Counts {
			totals[o] += n
		}
	}
	x, y := margin, 44
	for o := range numOutcomes {
		usual := o == OutVisible || o == OutQueued || (o == OutHidden) != r.Observing() && (o == OutHidden || o == OutWouldHide)
		if totals[o] == 0 && !usual {
			continue
		}
		label := Outcome(o).Label()
		w := 14*scale/2 + 8 + textWidth(label, scale) + 24
		if x+w > ChartWidth-margin {
			x, y = margin, y+24
		}
		fill(img, x, y, 14, 14, outcomeColors[o])
		drawText(img, x+22, y, label, scale, chartInk)
		x += w
	}

	left, right := margin+48, ChartWidth-margin
	top, bottom := y+34, ChartHeight-36
	peak := 0
	for _, d := range r.Days {
		peak = max(peak, d.Total())
	}
	ymax, step := niceScale(peak)
	for v := 0; v <= ymax; v += step {
		py := bottom - v*(bottom-top)/ymax
		fill(img, left, py, right-left, 1, chartGrid)
		s := strconv.Itoa(v)
		drawText(img, left-8-textWidth(s, scale), py-7, s, scale, chartInk)
	}
	n := max(len(r.Days), 1)
	slot := float64(right-left) / float64(n)
	bar := max(int(slot*0.7), 2)
	for i, d := range r.Days {
		bx := left + int(float64(i)*slot+(slot-float64(bar))/2)
		base := 0
		for o := range numOutcomes {
			c := d.Counts[o]
			if c == 0 {
				continue
			}
			y0 := bottom - (base+c)*(bottom-top)/ymax
			y1 := bottom - base*(bottom-top)/ymax
			fill(img, bx, y0, bar, y1-y0, outcomeColors[o])
			base += c
		}
		day := i + 1
		if day == 1 || day%5 == 0 || i == len(r.Days)-1 && day%5 > 2 {
			s := strconv.Itoa(day)
			drawText(img, bx+bar/2-textWidth(s, scale)/2, bottom+10, s, scale, chartInk)
		}
	}
	fill(img, left, bottom, right-left, 2, chartInk)

	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("report: encode chart: %w", err)
	}
	return b.Bytes(), nil
}

func fill(img *image.RGBA, x, y, w, h int, c color.RGBA) {
	draw.Draw(img, image.Rect(x, y, x+w, y+h), image.NewUniform(c), image.Point{}, draw.Src)
}

// niceScale returns an axis maximum at or above peak and a step giving
// four or five gridlines: 1, 2 or 5 times a power of ten.
func niceScale(peak int) (ymax, step int) {
	if peak < 4 {
		return 4, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if step*5 >= peak {
				ymax = (peak + step - 1) / step * step
				return ymax, step
			}
		}
	}
}
