package ngram

import (
	"math"
	"slices"
)

// calibrate fits each label's Platt scaling on the out-of-fold margins,
// chooses its threshold, stores both in m and reports the validation
// figures at those thresholds.
func (t *trainer) calibrate(m *Model, oof []float64) *Report {
	nl := len(t.labels)
	n := len(t.rows)
	rep := &Report{Rows: n}
	legitW := 0.0
	for _, r := range t.rows {
		if r.labels == 0 {
			rep.Legit++
			legitW += r.weight
		}
	}
	probs := make([]float64, n*nl)
	for k := range nl {
		ms := make([]float64, n)
		ys := make([]bool, n)
		ws := make([]float64, n)
		for i, r := range t.rows {
			ms[i], ys[i], ws[i] = oof[i*nl+k], r.labels&(1<<k) != 0, r.weight
		}
		a, b := platt(ms, ys, ws)
		m.PlattA[k], m.PlattB[k] = float32(a), float32(b)
		for i := range n {
			// Round through float32 as the model file does, so the
			// thresholds are chosen on the scores the model will give.
			probs[i*nl+k] = sigmoid(float64(m.PlattA[k])*float64(float32(ms[i])) + float64(m.PlattB[k]))
		}
		lr := t.threshold(k, probs, legitW)
		m.Threshold[k] = float32(lr.Threshold)
		rep.Labels = append(rep.Labels, lr)
	}
	var flagged, actedW, mustW float64
	for i, r := range t.rows {
		any, right := false, false
		for k := range nl {
			if probs[i*nl+k] >= float64(m.Threshold[k]) {
				any = true
				if r.labels&(1<<k) != 0 {
					right = true
				}
			}
		}
		switch {
		case r.labels == 0 && any:
			flagged += r.weight
		case r.labels != 0:
			mustW += r.weight
			if right {
				actedW += r.weight
			}
		}
	}
	rep.LegitFlagged = ratio(flagged, legitW)
	rep.Acted = ratio(actedW, mustW)
	return rep
}

// threshold picks the lowest calibrated score at which label k keeps the
// precision and false-alarm targets on the validation rows.
func (t *trainer) threshold(k int, probs []float64, legitW float64) LabelReport {
	nl := len(t.labels)
	idx := allRows(len(t.rows))
	slices.SortStableFunc(idx, func(a, b int) int {
		pa, pb := probs[a*nl+k], probs[b*nl+k]
		switch {
		case pa > pb:
			return -1
		case pa < pb:
			return 1
		}
		return 0
	})
	var pos float64
	for _, r := range t.rows {
		if r.labels&(1<<k) != 0 {
			pos += r.weight
		}
	}
	rep := LabelReport{Label: t.labels[k], Positives: t.positives[k], Threshold: 1, FN: pos}
	var tp, fp, legit float64
	for j, i := range idx {
		r := t.rows[i]
		p := probs[i*nl+k]
		if p < t.opt.MinThreshold {
			break
		}
		switch {
		case r.labels&(1<<k) != 0:
			tp += r.weight
		default:
			fp += r.weight
			if r.labels == 0 {
				legit += r.weight
			}
		}
		// Only cut between distinct scores.
		if j+1 < len(idx) && probs[idx[j+1]*nl+k] == p {
			continue
		}
		if ratio(tp, tp+fp) >= t.opt.MinPrecision && ratio(legit, legitW) <= t.opt.MaxLegitRate {
			rep.Threshold, rep.TP, rep.FP, rep.FN = p, tp, fp, pos-tp
		}
	}
	return rep
}

// platt fits p = 1/(1+exp(-(a·m+b))) to the labels by Newton's method on
// the weighted log-loss, with Platt's smoothed targets (Lin, Lin and Weng,
// "A note on Platt's probabilistic outputs", 2007).
func platt(ms []float64, ys []bool, ws []float64) (a, b float64) {
	var np, nn float64
	for i, y := range ys {
		if y {
			np += ws[i]
		} else {
			nn += ws[i]
		}
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	target := func(i int) float64 {
		if ys[i] {
			return hi
		}
		return lo
	}
	loss := func(a, b float64) float64 {
		var l float64
		for i, m := range ms {
			z := a*m + b
			// log(1+exp(z)) - t·z, computed stably.
			var sp float64
			if z > 0 {
				sp = z + math.Log1p(math.Exp(-z))
			} else {
				sp = math.Log1p(math.Exp(z))
			}
			l += ws[i] * (sp - target(i)*z)
		}
		return l
	}
	a, b = 1, math.Log((np+1)/(nn+1))
	cur := loss(a, b)
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i, m := range ms {
			p := sigmoid(a*m + b)
			d := ws[i] * (p - target(i))
			ga += d * m
			gb += d
			s := ws[i] * p * (1 - p)
			haa += s * m * m
			hab += s * m
			hbb += s
		}
		haa += 1e-12
		hbb += 1e-12
		det := haa*hbb - hab*hab
		if math.Abs(ga) < 1e-7 && math.Abs(gb) < 1e-7 || det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		step := 1.0
		for step > 1e-10 {
			na, nb := a-step*da, b-step*db
			if l := loss(na, nb); l < cur {
				a, b, cur = na, nb, l
				break
			}
			step /= 2
		}
		if step <= 1e-10 {
			break
		}
	}
	return a, b
}
