#include "textflag.h"

// func getfp() unsafe.Pointer
//
// getfp has no frame of its own, so BP still holds its caller's frame
// pointer.
TEXT ·getfp(SB),NOSPLIT|NOFRAME,$0-8
	MOVQ	BP, ret+0(FP)
	RET
