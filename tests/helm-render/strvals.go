// strvals.go: the --set and --set-string syntax, following Helm's
// pkg/strvals/parser.go. A line is NAME=VALUE pairs separated by commas;
// a NAME is keys joined by dots, each possibly followed by [INDEX] (lists,
// nested as a[0][1]); a VALUE is text up to the next comma, or {a,b,c} for a
// list. A backslash escapes the next character (\, \. \= \[ and \\), so a
// key may hold a dot and a value a comma. With --set the text is typed:
// true and false (any case) are booleans, null is nil, 0 and integers not
// starting with 0 are int64, the rest are strings; --set-string keeps every
// value a string.
package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Helm's limits on an index and on the depth of a dotted name.
const (
	maxIndex       = 65536
	maxNestedLevel = 30
)

var errNotList = errors.New("not a list")

// setParser reads one --set argument, rune by rune.
type setParser struct {
	in      []rune
	pos     int
	strings bool // --set-string: never type a value
}

// parseSet parses one --set (or, with asString, --set-string) argument into
// dest, overwriting what is there.
func parseSet(s string, dest map[string]interface{}, asString bool) error {
	p := &setParser{in: []rune(s), strings: asString}
	for {
		err := p.key(dest, 0)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
}

// next returns the next rune, or io.EOF.
func (p *setParser) next() (rune, error) {
	if p.pos >= len(p.in) {
		return 0, io.EOF
	}
	r := p.in[p.pos]
	p.pos++
	return r, nil
}

// until reads up to (and consumes) the first rune of stop, resolving
// backslash escapes; it returns what it read and the rune it stopped at,
// or io.EOF when the text ended first.
func (p *setParser) until(stop string) ([]rune, rune, error) {
	var v []rune
	for {
		r, err := p.next()
		if err != nil {
			return v, 0, err
		}
		if strings.ContainsRune(stop, r) {
			return v, r, nil
		}
		if r == '\\' {
			n, err := p.next()
			if err != nil {
				return v, 0, err
			}
			v = append(v, n)
			continue
		}
		v = append(v, r)
	}
}

// typed turns value text into the value --set gives it.
func (p *setParser) typed(rs []rune) interface{} {
	s := string(rs)
	if p.strings {
		return s
	}
	switch {
	case strings.EqualFold(s, "true"):
		return true
	case strings.EqualFold(s, "false"):
		return false
	case strings.EqualFold(s, "null"):
		return nil
	case s == "0":
		return int64(0)
	}
	if s != "" && s[0] != '0' {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return s
}

func setKey(data map[string]interface{}, key string, val interface{}) {
	if key != "" {
		data[key] = val
	}
}

// key reads one NAME=VALUE (or the rest of a dotted name) into data.
func (p *setParser) key(data map[string]interface{}, level int) error {
	k, last, err := p.until("=[,.")
	if err != nil {
		if len(k) == 0 {
			return err
		}
		return fmt.Errorf("key %q has no value", string(k))
	}
	name := string(k)
	switch last {
	case '[':
		i, err := p.index()
		if err != nil {
			return fmt.Errorf("error parsing index: %v", err)
		}
		list := []interface{}{}
		if cur, ok := data[name]; ok {
			l, ok := cur.([]interface{})
			if !ok {
				return fmt.Errorf("unable to parse key: %s is not a list", name)
			}
			list = l
		}
		list, err = p.listItem(list, i, level)
		setKey(data, name, list)
		return err
	case '=':
		vl, err := p.valueList()
		switch {
		case err == nil:
			setKey(data, name, vl)
			return nil
		case errors.Is(err, io.EOF):
			setKey(data, name, "")
			return err
		case errors.Is(err, errNotList):
			rs, err := p.value()
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			// the end of the text after a value is not an error here: the
			// next key finds it
			setKey(data, name, p.typed(rs))
			return nil
		default:
			return err
		}
	case ',':
		setKey(data, name, "")
		return fmt.Errorf("key %q has no value (cannot end with ,)", name)
	default: // '.'
		level++
		if level > maxNestedLevel {
			return fmt.Errorf("value name nested level is greater than maximum supported nested level of %d", maxNestedLevel)
		}
		inner := map[string]interface{}{}
		if cur, ok := data[name]; ok {
			m, ok := cur.(map[string]interface{})
			if !ok {
				return fmt.Errorf("unable to parse key: %s is not a map", name)
			}
			inner = m
		}
		err := p.key(inner, level)
		if err == nil && len(inner) == 0 {
			return fmt.Errorf("key map %q has no value", name)
		}
		if len(inner) != 0 {
			setKey(data, name, inner)
		}
		return err
	}
}

// index reads the digits of [N] up to the closing bracket.
func (p *setParser) index() (int, error) {
	v, _, err := p.until("]")
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(v))
}

func setIndex(list []interface{}, i int, val interface{}) ([]interface{}, error) {
	if i < 0 {
		return list, fmt.Errorf("negative %d index not allowed", i)
	}
	if i > maxIndex {
		return list, fmt.Errorf("index of %d is greater than maximum supported index of %d", i, maxIndex)
	}
	if len(list) <= i {
		grown := make([]interface{}, i+1)
		copy(grown, list)
		list = grown
	}
	list[i] = val
	return list, nil
}

// listItem reads what follows NAME[i]: =VALUE, another [j], or .KEY.
func (p *setParser) listItem(list []interface{}, i, level int) ([]interface{}, error) {
	if i < 0 {
		return list, fmt.Errorf("negative %d index not allowed", i)
	}
	k, last, err := p.until("[.=")
	switch {
	case len(k) > 0:
		return list, fmt.Errorf("unexpected data at end of array index: %q", string(k))
	case err != nil:
		return list, err
	}
	switch last {
	case '=':
		vl, err := p.valueList()
		switch {
		case err == nil:
			return setIndex(list, i, vl)
		case errors.Is(err, io.EOF):
			return setIndex(list, i, "")
		case errors.Is(err, errNotList):
			rs, err := p.value()
			if err != nil && !errors.Is(err, io.EOF) {
				return list, err
			}
			return setIndex(list, i, p.typed(rs))
		default:
			return list, err
		}
	case '[':
		j, err := p.index()
		if err != nil {
			return list, fmt.Errorf("error parsing index: %v", err)
		}
		var inner []interface{}
		if len(list) > i && list[i] != nil {
			l, ok := list[i].([]interface{})
			if !ok {
				return list, fmt.Errorf("unable to parse key: element %d is not a list", i)
			}
			inner = l
		}
		inner, err = p.listItem(inner, j, level)
		if err != nil {
			return list, err
		}
		return setIndex(list, i, inner)
	default: // '.'
		inner := map[string]interface{}{}
		if len(list) > i {
			if m, ok := list[i].(map[string]interface{}); ok {
				inner = m
			} else {
				list[i] = inner
			}
		}
		if err := p.key(inner, level); err != nil {
			return list, err
		}
		return setIndex(list, i, inner)
	}
}

// value reads a plain value, up to the next comma.
func (p *setParser) value() ([]rune, error) {
	v, _, err := p.until(",")
	return v, err
}

// valueList reads {a,b,c}; errNotList when the value does not start with {.
func (p *setParser) valueList() ([]interface{}, error) {
	r, err := p.next()
	if err != nil {
		return []interface{}{}, err
	}
	if r != '{' {
		p.pos--
		return []interface{}{}, errNotList
	}
	list := []interface{}{}
	for {
		rs, last, err := p.until(",}")
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("list must terminate with '}'")
			}
			return list, err
		}
		list = append(list, p.typed(rs))
		if last == '}' {
			// a comma after the list separates it from the next pair
			if r, err := p.next(); err == nil && r != ',' {
				p.pos--
			}
			return list, nil
		}
	}
}
