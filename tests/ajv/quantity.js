// quantity.js: mcpc's own JSON Schema format "quantity", for ajv.
//
// The spec schema's quantities and byte sizes say "format": "quantity":
// a Kubernetes quantity mcpc can compare, at most 2^63-1 units, as
// Kubernetes requires ("no quantity may represent a number greater than
// 2^63-1 in magnitude", k8s.io/apimachinery resource.Quantity). No
// validator knows the format, and ajv in strict mode refuses a schema
// with a format it does not know, so a program that compiles mcpc's
// schemas with ajv registers this one:
//
//   ajv.addFormat("quantity", require("./quantity.js"))
//
// It follows mcp_quantity_parse (compiler/check/quantity.c) step by step:
// the same limits on the digits and the exponent, the value scaled to
// nano-units exactly (BigInt), below a nano-unit rounded up, and held to
// (2^63-1) * 10^9. The syntax itself is the schema's pattern's to check.
"use strict";

const NANO_LIMIT = 1n << 120n;
const QUANTITY_MAX = ((1n << 63n) - 1n) * 1000000000n;
const SUFFIXES = {
	Ki: [0, 10], Mi: [0, 20], Gi: [0, 30], Ti: [0, 40], Pi: [0, 50], Ei: [0, 60],
	n: [-9, 0], u: [-6, 0], m: [-3, 0], k: [3, 0], M: [6, 0], G: [9, 0],
	T: [12, 0], P: [15, 0], E: [18, 0], "": [0, 0],
};
const digit = (c) => c >= "0" && c <= "9";

// value * 10^exp10 * 2^exp2 in nano-units, or null when mcpc cannot hold it.
function scale(mant, exp10, exp2) {
	let v = mant;
	for (exp10 += 9; exp10 > 0; exp10--) {
		if (v > NANO_LIMIT / 10n) return null;
		v *= 10n;
	}
	for (; exp2 > 0; exp2--) {
		if (v > NANO_LIMIT / 2n) return null;
		v *= 2n;
	}
	for (; exp10 < 0; exp10++) v = (v + 9n) / 10n; // rounded up
	return v;
}

function validate(text) {
	let i = 0, mant = 0n, digits = 0, frac = 0;
	if (text.includes("\0")) return false;
	if (text[i] === "+" || text[i] === "-") i++;
	for (; digit(text[i] || ""); i++, digits++) {
		if (mant > NANO_LIMIT / 10n) return false;
		mant = mant * 10n + BigInt(text[i]);
	}
	if (text[i] === ".") {
		// zeros wait until a digit follows: trailing ones add nothing
		let zeros = 0;
		for (i++; digit(text[i] || ""); i++, digits++, frac++) {
			if (text[i] === "0") {
				zeros++;
				continue;
			}
			for (; zeros >= 0; zeros--) {
				if (mant > NANO_LIMIT / 10n) return false;
				mant = mant * 10n + (zeros ? 0n : BigInt(text[i]));
			}
			zeros = 0;
		}
		frac -= zeros;
	}
	if (!digits) return false;
	let exp10 = -frac, exp2 = 0;
	const rest = text.slice(i);
	if (/^[eE][-+0-9]/.test(rest)) {
		// an exponent, unless it is the suffix "E" alone
		let q = 1, e = 0, ed = 0, neg = false;
		if (rest[q] === "+" || rest[q] === "-") neg = rest[q++] === "-";
		for (; digit(rest[q] || ""); q++, ed++)
			if ((e = e * 10 + Number(rest[q])) > 1000) return false;
		if (!ed || q !== rest.length) return false;
		exp10 += neg ? -e : e;
	} else {
		if (!Object.prototype.hasOwnProperty.call(SUFFIXES, rest)) return false;
		exp10 += SUFFIXES[rest][0];
		exp2 = SUFFIXES[rest][1];
	}
	const v = scale(mant, exp10, exp2);
	return v !== null && v <= QUANTITY_MAX;
}

module.exports = { type: "string", validate };
