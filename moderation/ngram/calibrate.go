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
	var lrs []LabelReport
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
		if t.opt.LegitBudget <= 0 {
			lr := t.threshold(k, probs, legitW)
			m.Threshold[k] = float32(lr.Threshold)
			lrs = append(lrs, lr)
		}
	}
	if t.opt.LegitBudget > 0 {
		lrs = t.jointThresholds(probs, legitW)
		for k, lr := range lrs {
			m.Threshold[k] = float32(lr.Threshold)
		}
	}
	for k := range lrs {
		if lrs[k].Threshold > t.opt.MaxThreshold {
			lrs[k] = t.at(k, probs, t.opt.MaxThreshold)
			m.Threshold[k] = float32(lrs[k].Threshold)
		}
	}
	rep.Labels = lrs
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

// at reports label k's validation figures at threshold th.
func (t *trainer) at(k int, probs []float64, th float64) LabelReport {
	nl := len(t.labels)
	rep := LabelReport{Label: t.labels[k], Positives: t.positives[k], Threshold: th}
	for i, r := range t.rows {
		pos := r.labels&(1<<k) != 0
		switch flagged := probs[i*nl+k] >= th; {
		case flagged && pos:
			rep.TP += r.weight
		case flagged:
			rep.FP += r.weight
		case pos:
			rep.FN += r.weight
		}
	}
	return rep
}

// threshold picks the lowest calibrated score at which label k keeps the
// precision and false-alarm targets on the validation rows.
func (t *trainer) threshold(k int, probs []float64, legitW float64) LabelReport {
	nl := len(t.labels)
	idx := byScore(len(t.rows), probs, nl, k)
	var pos float64
	for _, r := range t.rows {
		if r.labels&(1<<k) != 0 {
			pos += r.weight
		}
	}
	rep := LabelReport{Label: t.labels[k], Positives: t.positives[k], Threshold: 1, FN: pos}
	minPrec := t.opt.MinPrecision
	if p, ok := t.opt.PrecisionOf[t.labels[k]]; ok {
		minPrec = p
	}
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
		if ratio(tp, tp+fp) >= minPrec && ratio(legit, legitW) <= t.opt.MaxLegitRate {
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

// jointThresholds chooses every label's threshold at once: the most
// comments that break something flagged with one of their labels, for at
// most LegitBudget of the comments that break nothing flagged by any
// label. Greedy: each step lowers the one threshold whose next run of
// scores (up to and including the next comment it would newly catch) adds
// the most caught comments per legitimate comment newly flagged; a label
// never goes under MinThreshold nor under MinPrecision on its own rows.
func (t *trainer) jointThresholds(probs []float64, legitW float64) []LabelReport {
	nl := len(t.labels)
	n := len(t.rows)
	order := make([][]int, nl)
	pos := make([]float64, nl)
	for k := range nl {
		order[k] = byScore(n, probs, nl, k)
		for _, r := range t.rows {
			if r.labels&(1<<k) != 0 {
				pos[k] += r.weight
			}
		}
	}
	caught := make([]bool, n)  // a right label flags the row
	flagged := make([]bool, n) // a label flags the (legitimate) row
	next := make([]int, nl)    // rows of order[k] flagged so far
	tp := make([]float64, nl)
	fp := make([]float64, nl)
	budget := t.opt.LegitBudget * legitW
	spent := 0.0
	// chunk returns how far label k would go in its next step, and what
	// it would gain and cost.
	chunk := func(k int) (end int, gain, cost, ctp, cfp float64, ok bool) {
		idx := order[k]
		seenLegit := map[int]bool{}
		for j := next[k]; j < n; j++ {
			i := idx[j]
			p := probs[i*nl+k]
			if p < t.opt.MinThreshold {
				return 0, 0, 0, 0, 0, false
			}
			r := t.rows[i]
			if r.labels&(1<<k) != 0 {
				ctp += r.weight
				if !caught[i] {
					gain += r.weight
				}
			} else {
				cfp += r.weight
				if r.labels == 0 && !flagged[i] && !seenLegit[i] {
					seenLegit[i] = true
					cost += r.weight
				}
			}
			// Only cut between distinct scores, after a gain.
			if j+1 < n && probs[idx[j+1]*nl+k] == p || gain == 0 {
				continue
			}
			return j + 1, gain, cost, ctp, cfp, true
		}
		return 0, 0, 0, 0, 0, false
	}
	for {
		best, bestEnd := -1, 0
		var bestRatio, bestCost, bestTP, bestFP float64
		for k := range nl {
			end, gain, cost, ctp, cfp, ok := chunk(k)
			if !ok || spent+cost > budget {
				continue
			}
			if ratio(tp[k]+ctp, tp[k]+ctp+fp[k]+cfp) < t.opt.MinPrecision {
				continue
			}
			r := gain / (cost + 1e-9)
			if best < 0 || r > bestRatio {
				best, bestEnd, bestRatio, bestCost, bestTP, bestFP = k, end, r, cost, ctp, cfp
			}
		}
		if best < 0 {
			break
		}
		for _, i := range order[best][next[best]:bestEnd] {
			r := t.rows[i]
			if r.labels&(1<<best) != 0 {
				caught[i] = true
			} else if r.labels == 0 {
				flagged[i] = true
			}
		}
		next[best] = bestEnd
		spent += bestCost
		tp[best] += bestTP
		fp[best] += bestFP
	}
	out := make([]LabelReport, nl)
	for k := range nl {
		out[k] = LabelReport{Label: t.labels[k], Positives: t.positives[k], Threshold: 1, TP: tp[k], FP: fp[k], FN: pos[k] - tp[k]}
		if next[k] > 0 {
			out[k].Threshold = probs[order[k][next[k]-1]*nl+k]
		}
	}
	return out
}

// byScore returns the rows 0..n-1 ordered by their score of label k
// (probs holds nl scores a row), highest first; ties keep row order.
func byScore(n int, probs []float64, nl, k int) []int {
	idx := allRows(n)
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
	return idx
}
