package genmodel

import (
	"fmt"
	"reflect"
)

// typeNotes are the lines of an extra Javadoc paragraph for Go types whose Java image needs explaining.
var typeNotes = map[reflect.Type][]string{
	quantityType: {
		"Only {@code Format} crosses the wire: a quantity's value lives in unexported Go fields,",
		"which gob does not send (spec {@code argo-rollouts.md} §9), so a {@code cpu: 500m} limit",
		"arrives as {@code Quantity[format=DecimalSI]}. Read the object from the Kubernetes API",
		"when the value matters.",
	},
	intOrStringType: {
		"A plain struct on the wire (it has no gob encoding of its own): {@code type}",
		"{@link #TYPE_INT} holds {@code intVal}, {@link #TYPE_STRING} holds {@code strVal}.",
	},
}

// extraMembers adds convenience members to records of particular Go types: head goes
// before the compact constructor (constants), tail after it (methods).
var extraMembers = map[reflect.Type]func(*Record) (head, tail []string, err error){
	intOrStringType: intOrStringMembers,
}

// intOrStringMembers mirrors intstr.FromInt32/FromString and the Type constants.
func intOrStringMembers(rec *Record) (head, tail []string, err error) {
	names := map[string]string{}
	for _, goName := range []string{"Type", "IntVal", "StrVal"} {
		c := componentByGoName(rec, goName)
		if c == nil {
			return nil, nil, fmt.Errorf("no field %s", goName)
		}
		names[goName] = c.Name
	}
	typ, intVal, strVal := names["Type"], names["IntVal"], names["StrVal"]
	head = []string{
		fmt.Sprintf("/** {@link #%s()} of a value holding an integer (Go {@code intstr.Int}). */", typ),
		"public static final long TYPE_INT = 0;",
		"",
		fmt.Sprintf("/** {@link #%s()} of a value holding a string (Go {@code intstr.String}). */", typ),
		"public static final long TYPE_STRING = 1;",
	}
	tail = []string{
		"/**",
		" * Returns an integer value, like Go's {@code intstr.FromInt32}.",
		" *",
		" * @param value the integer",
		" * @return the value",
		" */",
		fmt.Sprintf("public static %s of(int value) {", rec.Name),
		fmt.Sprintf("  return new %s(TYPE_INT, value, \"\");", rec.Name),
		"}",
		"",
		"/**",
		" * Returns a string value, like Go's {@code intstr.FromString}.",
		" *",
		" * @param value the string",
		" * @return the value",
		" * @throws IllegalArgumentException if {@code value} is null",
		" */",
		fmt.Sprintf("public static %s of(String value) {", rec.Name),
		"  if (value == null) {",
		"    throw new IllegalArgumentException(\"an IntOrString string value must not be null\");",
		"  }",
		fmt.Sprintf("  return new %s(TYPE_STRING, 0, value);", rec.Name),
		"}",
		"",
		fmt.Sprintf("/** Tells whether this holds an integer, in {@link #%s()}. */", intVal),
		"public boolean isInt() {",
		fmt.Sprintf("  return %s == TYPE_INT;", typ),
		"}",
		"",
		fmt.Sprintf("/** Tells whether this holds a string, in {@link #%s()}. */", strVal),
		"public boolean isString() {",
		fmt.Sprintf("  return %s == TYPE_STRING;", typ),
		"}",
	}
	return head, tail, nil
}

func componentByGoName(rec *Record, goName string) *Component {
	for i := range rec.Components {
		if rec.Components[i].GoName == goName {
			return &rec.Components[i]
		}
	}
	return nil
}
