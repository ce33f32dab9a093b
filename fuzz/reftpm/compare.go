package reftpm

import (
	"errors"
	"fmt"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// probeByte is appended after the last parameter to learn whether every
// parameter unmarshalled: the simulator then answers TPM_RC_SIZE with no
// parameter number (CommandDispatcher.c: bytes left after the last
// parameter) before it runs the command's action.
var probeByte = []byte{0}

// Result is one comparison.
type Result struct {
	Kind      string // "public" or "signature"
	Input     []byte // the candidate
	Verifier  *Verifier
	TPM       RC    // the command's response code
	Probe     RC    // the response with probeByte appended, when it was sent
	Unmarshal RC    // RCSuccess when every parameter unmarshalled, else TPM
	W         error // tpm2wire's error
	Pred      Prediction
	Semantic  RC // the semantic model's prediction, when the TPM unmarshalled
	Class     Class
	Why       string // for ClassUnexplained: which check failed
}

// TallyKey is the tally key: class, the TPM's code and tpm2wire's sentinel.
func (r *Result) TallyKey() string {
	return fmt.Sprintf("%s | %s | %s", r.Class, rcKey(r.TPM), sentinelName(r.W))
}

func rcKey(rc RC) string {
	s := rc.Name()
	if p := rc.Param(); p != 0 {
		s += fmt.Sprintf("(P%d)", p)
	}
	return s
}

func (r *Result) String() string {
	s := fmt.Sprintf("%s %x: TPM %v (unmarshal %v), tpm2wire %v; model sim %v, w %s",
		r.Kind, r.Input, r.TPM, r.Unmarshal, r.W, r.Pred.Sim, sentinelName(r.Pred.W))
	if r.Kind == "signature" {
		s += ", key " + r.Verifier.Name
	}
	if r.Pred.Div != nil {
		s += fmt.Sprintf("; divergence %s at %d: %s", r.Pred.Div.Class, r.Pred.Div.Offset, r.Pred.Div.Detail)
	}
	if r.Semantic != 0 {
		s += fmt.Sprintf("; semantic model %v", r.Semantic)
	}
	s += "; class " + string(r.Class)
	if r.Why != "" {
		s += ": " + r.Why
	}
	return s
}

// Sentinel returns the tpm2wire sentinel err wraps, or nil.
func Sentinel(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range tpm2wire.Sentinels() {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

var sentinelNames = map[error]string{
	tpm2wire.ErrTruncated: "ErrTruncated", tpm2wire.ErrTrailingData: "ErrTrailingData",
	tpm2wire.ErrSize: "ErrSize", tpm2wire.ErrSelector: "ErrSelector", tpm2wire.ErrValue: "ErrValue",
	tpm2wire.ErrHash: "ErrHash", tpm2wire.ErrSymmetric: "ErrSymmetric", tpm2wire.ErrMode: "ErrMode",
	tpm2wire.ErrKDF: "ErrKDF", tpm2wire.ErrScheme: "ErrScheme", tpm2wire.ErrCurve: "ErrCurve",
	tpm2wire.ErrType: "ErrType", tpm2wire.ErrTag: "ErrTag", tpm2wire.ErrReservedBits: "ErrReservedBits",
	tpm2wire.ErrMagic: "ErrMagic",
}

func sentinelName(err error) string {
	if err == nil {
		return "accept"
	}
	if n, ok := sentinelNames[Sentinel(err)]; ok {
		return n
	}
	return "error(" + err.Error() + ")"
}

// RCSentinel maps a response code of the unmarshalling of the candidate's
// parameter (param) to the tpm2wire sentinel for the same rule: the
// comparison table of README.md. A command-level TPM_RC_SIZE (no parameter
// number: bytes left after the last parameter) is ErrTrailingData.
func RCSentinel(rc RC, param int) error {
	if rc.Param() == 0 && rc.Code() == RCSize && rc.Handle() == 0 {
		return tpm2wire.ErrTrailingData
	}
	if rc.Param() != param {
		return nil
	}
	switch rc.Code() {
	case RCInsufficient:
		return tpm2wire.ErrTruncated
	case RCSize:
		return tpm2wire.ErrSize
	case RCSelector:
		return tpm2wire.ErrSelector
	case RCValue:
		return tpm2wire.ErrValue
	case RCHash:
		return tpm2wire.ErrHash
	case RCSymmetric:
		return tpm2wire.ErrSymmetric
	case RCMode:
		return tpm2wire.ErrMode
	case RCKDF:
		return tpm2wire.ErrKDF
	case RCScheme:
		return tpm2wire.ErrScheme
	case RCCurve:
		return tpm2wire.ErrCurve
	case RCType:
		return tpm2wire.ErrType
	case RCTag:
		return tpm2wire.ErrTag
	case RCReservedBits:
		return tpm2wire.ErrReservedBits
	}
	return nil
}

// needsProbe reports whether rc may come from the command's action rather
// than from unmarshalling, so that the probe must tell.
func needsProbe(rc RC) bool {
	return rc != RCSuccess && rc.Code() != RCInsufficient && rc.Param() != 0
}

// ComparePublic runs candidate, a TPM2B_PUBLIC, through TPM2_LoadExternal
// (hierarchy TPM_RH_NULL) and tpmt.Parse2BPublicAllowNull, and classifies
// the outcome.
func (t *TPM) ComparePublic(candidate []byte) (*Result, error) {
	r := &Result{Kind: "public", Input: candidate}
	if len(candidate) > maxParams-8 {
		return nil, errors.New("reftpm: candidate longer than a command can carry")
	}
	var err error
	if r.TPM, err = t.LoadExternal(candidate, rhNull, nil); err != nil {
		return nil, err
	}
	r.Unmarshal = r.TPM
	if needsProbe(r.TPM) {
		if r.Probe, err = t.LoadExternal(candidate, rhNull, probeByte); err != nil {
			return nil, err
		}
		if r.Probe == RCSize {
			r.Unmarshal = RCSuccess
		}
	}
	p, werr := tpmt.Parse2BPublicAllowNull(candidate)
	r.W = werr
	r.Pred = PredictPublic(candidate, rhNull, nil)
	if r.Unmarshal == RCSuccess && werr == nil {
		r.Semantic = SemanticPublic(&p)
	}
	r.classify(2)
	return r, nil
}

// CompareSignature runs candidate, a TPMT_SIGNATURE, through
// TPM2_VerifySignature with v and tpmt.ParseSignature.
func (t *TPM) CompareSignature(v *Verifier, candidate []byte) (*Result, error) {
	r := &Result{Kind: "signature", Input: candidate, Verifier: v}
	if len(candidate) > maxParams-40 {
		return nil, errors.New("reftpm: candidate longer than a command can carry")
	}
	var err error
	if r.TPM, err = t.VerifySignature(v, candidate, nil); err != nil {
		return nil, err
	}
	r.Unmarshal = r.TPM
	if needsProbe(r.TPM) {
		if r.Probe, err = t.VerifySignature(v, candidate, probeByte); err != nil {
			return nil, err
		}
		if r.Probe == RCSize {
			r.Unmarshal = RCSuccess
		}
	}
	s, werr := tpmt.ParseSignature(candidate)
	r.W = werr
	r.Pred = PredictSignature(candidate, nil)
	if r.Unmarshal == RCSuccess && werr == nil {
		r.Semantic = SemanticSignature(v, &s)
	}
	r.classify(2)
	return r, nil
}

// classify decides r.Class. The model must predict the simulator's
// unmarshalling and tpm2wire exactly; then an agreement is an agreement, a
// post-unmarshal rejection is class a1 when the semantic model predicts it,
// and any other disagreement takes the class of the model's first
// divergence.
func (r *Result) classify(param int) {
	unexplained := func(why string) { r.Class, r.Why = ClassUnexplained, why }
	if r.Pred.Sim != r.Unmarshal {
		unexplained(fmt.Sprintf("model predicts the simulator's unmarshalling as %v, the simulator says %v", r.Pred.Sim, r.Unmarshal))
		return
	}
	if Sentinel(r.Pred.W) != Sentinel(r.W) {
		if r.Pred.Bug != nil {
			r.Class, r.Why = ClassKnownBug, r.Pred.Bug.ID
			return
		}
		unexplained(fmt.Sprintf("model predicts tpm2wire's %s, tpm2wire says %s", sentinelName(r.Pred.W), sentinelName(r.W)))
		return
	}
	if r.Unmarshal == RCSuccess {
		switch {
		case r.W != nil:
			unexplained("the simulator unmarshalled what tpm2wire rejects")
		case r.Semantic != r.TPM:
			unexplained(fmt.Sprintf("the semantic model predicts %v, the simulator says %v", r.Semantic, r.TPM))
		case r.TPM == RCSuccess:
			r.Class = ClassAgree
		default:
			r.Class = ClassSemantic
		}
		return
	}
	if r.W != nil && RCSentinel(r.Unmarshal, param) == Sentinel(r.W) {
		r.Class = ClassAgree
		return
	}
	if r.Pred.Div == nil {
		unexplained("the verdicts differ but the two rule sets never did")
		return
	}
	r.Class = r.Pred.Div.Class
}
