package genmodel

import (
	"encoding"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Types the mapping treats by identity rather than by kind.
var (
	// instantTypes travel as GobEncoders carrying time.Time.MarshalBinary bytes (time.md).
	instantTypes = map[reflect.Type]bool{
		reflect.TypeFor[metav1.Time]():      true,
		reflect.TypeFor[metav1.MicroTime](): true,
		reflect.TypeFor[time.Time]():        true,
	}
	rawJSONType     = reflect.TypeFor[json.RawMessage]()
	durationType    = reflect.TypeFor[time.Duration]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	quantityType    = reflect.TypeFor[resource.Quantity]()
	objectMetaType  = reflect.TypeFor[metav1.ObjectMeta]()
)

// Record is one Java record: the image of one Go struct type.
type Record struct {
	Go         reflect.Type
	Name       string
	Components []Component
}

// Component is one record component: the image of one gob-visible Go struct field.
type Component struct {
	Name     string // Java component name
	GoName   string // Go field name, the name on the wire
	Embedded bool
	GoType   string // the Go type as Javadoc shows it
	Java     JavaType
}

// JavaType is the Java type of a component and what its compact constructor does with it.
type JavaType struct {
	Text     string
	Shape    Shape
	Unsigned bool // a Go unsigned integer: @GoUnsigned
	Duration bool // a time.Duration: nanoseconds
	imports  []string
}

// Shape says how a compact constructor normalises a component.
type Shape int

const (
	// ShapeAsIs: primitives and nullable references (boxes, records, Instant, RawJson, Object).
	ShapeAsIs Shape = iota
	// ShapeString: a Go string; null becomes "".
	ShapeString
	// ShapeList: a Go slice; null becomes List.of(), else an immutable copy.
	ShapeList
	// ShapeMap: a Go map; stays nullable (gob tells nil from empty), else an unmodifiable
	// insertion-ordered copy.
	ShapeMap
	// ShapeBytes: a Go []byte; null becomes empty, the array is copied in and out.
	ShapeBytes
)

// position says where a Go type occurs, which decides boxing and normalisation.
type position int

const (
	direct    position = iota // the field's own type
	pointee                   // behind a pointer: nullable, boxed
	container                 // a slice element, map key or value: boxed
)

// Model is the whole set of records reachable from the roots, by Java name.
type Model struct {
	Records []*Record // sorted by Name
	byType  map[reflect.Type]*Record
}

// Build walks every struct reachable from the roots as gob does and maps it to a record.
func Build(roots []Root) (*Model, error) {
	var structs []reflect.Type
	seen := map[reflect.Type]bool{}
	for _, r := range roots {
		if err := reach(r.Type, seen, &structs, r.Type.String()); err != nil {
			return nil, err
		}
	}
	names, err := recordNames(structs, roots)
	if err != nil {
		return nil, err
	}
	m := &Model{byType: map[reflect.Type]*Record{}}
	for _, t := range structs {
		rec := &Record{Go: t, Name: names[t]}
		m.byType[t] = rec
		m.Records = append(m.Records, rec)
	}
	for _, rec := range m.Records {
		if rec.Components, err = m.components(rec.Go); err != nil {
			return nil, err
		}
	}
	sort.Slice(m.Records, func(i, j int) bool { return m.Records[i].Name < m.Records[j].Name })
	return m, nil
}

// RecordOf returns the record of a Go struct type, or nil.
func (m *Model) RecordOf(t reflect.Type) *Record {
	return m.byType[t]
}

// sentFields are the fields gob transmits, in definition order: exported ones that are not
// (pointers to) chans or funcs. Embedded structs stay one field named after their type.
func sentFields(t reflect.Type) []reflect.StructField {
	var fields []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		base := f.Type
		for base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		if base.Kind() == reflect.Chan || base.Kind() == reflect.Func {
			continue
		}
		fields = append(fields, f)
	}
	return fields
}

// reach collects the named struct types t uses, depth first, failing on what the mapping
// cannot express.
func reach(t reflect.Type, seen map[reflect.Type]bool, out *[]reflect.Type, path string) error {
	if instantTypes[t] || t == rawJSONType || t == durationType {
		return nil
	}
	if t.Kind() != reflect.Pointer && hasCustomGobEncoding(t) {
		return fmt.Errorf("%s: %s has its own gob encoding, which the mapping does not know", path, t)
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		return reach(t.Elem(), seen, out, path)
	case reflect.Map:
		if err := reach(t.Key(), seen, out, path); err != nil {
			return err
		}
		return reach(t.Elem(), seen, out, path)
	case reflect.Struct:
		if t.Name() == "" {
			return fmt.Errorf("%s: anonymous struct %s has no name for a record", path, t)
		}
		if seen[t] {
			return nil
		}
		seen[t] = true
		*out = append(*out, t)
		for _, f := range sentFields(t) {
			if err := reach(f.Type, seen, out, t.Name()+"."+f.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

func hasCustomGobEncoding(t reflect.Type) bool {
	for _, c := range []reflect.Type{t, reflect.PointerTo(t)} {
		if c.Implements(reflect.TypeFor[gob.GobEncoder]()) || c.Implements(reflect.TypeFor[encoding.BinaryMarshaler]()) {
			return true
		}
	}
	return false
}

// recordNames gives every struct its Java name: the root's override, else the Go name, or,
// when several packages define the name (or it is reserved in the model package), the Go
// name prefixed with each one's package word.
func recordNames(structs []reflect.Type, roots []Root) (map[reflect.Type]string, error) {
	names := map[reflect.Type]string{}
	byGoName := map[string][]reflect.Type{}
	for _, r := range roots {
		if r.JavaName != "" {
			names[r.Type] = r.JavaName
		}
	}
	for _, t := range structs {
		if _, ok := names[t]; !ok {
			byGoName[t.Name()] = append(byGoName[t.Name()], t)
		}
	}
	for goName, ts := range byGoName {
		if len(ts) == 1 && !reservedRecordNames[goName] {
			names[ts[0]] = goName
			continue
		}
		for _, t := range ts {
			names[t] = PackageWord(t.PkgPath()) + goName
		}
	}
	owner := map[string]reflect.Type{}
	for t, name := range names {
		if other, dup := owner[name]; dup {
			return nil, fmt.Errorf("Java record name %s is taken by both %s and %s", name, qualified(other), qualified(t))
		}
		if reservedRecordNames[name] {
			return nil, fmt.Errorf("Java record name %s of %s is reserved in the model package", name, qualified(t))
		}
		owner[name] = t
	}
	return names, nil
}

func qualified(t reflect.Type) string {
	return t.PkgPath() + "." + t.Name()
}

func (m *Model) components(t reflect.Type) ([]Component, error) {
	var comps []Component
	used := map[string]string{}
	for _, f := range sentFields(t) {
		name, err := fieldComponentName(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", qualified(t), err)
		}
		if other, dup := used[name]; dup {
			return nil, fmt.Errorf("%s: fields %s and %s both map to component %s", qualified(t), other, f.Name, name)
		}
		used[name] = f.Name
		jt, err := m.javaType(f.Type, direct)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", qualified(t), f.Name, err)
		}
		comps = append(comps, Component{
			Name:     name,
			GoName:   f.Name,
			Embedded: f.Anonymous,
			GoType:   goTypeDoc(f.Type, t.PkgPath()),
			Java:     jt,
		})
	}
	return comps, nil
}

// fieldComponentName applies ComponentName, with one special case: an embedded ObjectMeta
// is the object's metadata whatever its json tag says.
func fieldComponentName(f reflect.StructField) (string, error) {
	if f.Anonymous && f.Type == objectMetaType {
		return "metadata", nil
	}
	return ComponentName(f.Name, f.Tag.Get("json"))
}

var primitives = map[reflect.Kind]struct {
	java, box string
	unsigned  bool
}{
	reflect.Bool:    {"boolean", "Boolean", false},
	reflect.Int8:    {"byte", "Byte", false},
	reflect.Int16:   {"short", "Short", false},
	reflect.Int32:   {"int", "Integer", false},
	reflect.Int:     {"long", "Long", false},
	reflect.Int64:   {"long", "Long", false},
	reflect.Uint8:   {"short", "Short", true},
	reflect.Uint16:  {"int", "Integer", true},
	reflect.Uint32:  {"long", "Long", true},
	reflect.Uint64:  {"long", "Long", true},
	reflect.Uint:    {"long", "Long", true},
	reflect.Uintptr: {"long", "Long", true},
	reflect.Float32: {"float", "Float", false},
	reflect.Float64: {"double", "Double", false},
}

func (m *Model) javaType(t reflect.Type, pos position) (JavaType, error) {
	switch {
	case instantTypes[t]:
		return JavaType{Text: "Instant", imports: []string{"java.time.Instant"}}, nil
	case t == rawJSONType:
		return JavaType{Text: "RawJson"}, nil
	}
	if p, ok := primitives[t.Kind()]; ok {
		if p.unsigned && pos == container {
			return JavaType{}, fmt.Errorf("unsigned element type %s: @GoUnsigned cannot mark container elements", t)
		}
		text := p.java
		if pos != direct {
			text = p.box
		}
		return JavaType{Text: text, Unsigned: p.unsigned, Duration: t == durationType}, nil
	}
	switch t.Kind() {
	case reflect.String:
		if pos == direct {
			return JavaType{Text: "String", Shape: ShapeString}, nil
		}
		return JavaType{Text: "String"}, nil
	case reflect.Pointer:
		if pos == container {
			// gob cannot send nil elements, so []*T carries what []T does
			return m.javaType(t.Elem(), container)
		}
		return m.javaType(t.Elem(), pointee)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return JavaType{Text: "byte[]", Shape: ShapeBytes}, nil
		}
		elem, err := m.javaType(t.Elem(), container)
		if err != nil {
			return JavaType{}, err
		}
		return JavaType{Text: "List<" + elem.Text + ">", Shape: ShapeList, imports: append(elem.imports, "java.util.List")}, nil
	case reflect.Map:
		key, err := m.javaType(t.Key(), container)
		if err != nil {
			return JavaType{}, err
		}
		val, err := m.javaType(t.Elem(), container)
		if err != nil {
			return JavaType{}, err
		}
		imports := append(append([]string{"java.util.Map"}, key.imports...), val.imports...)
		return JavaType{Text: "Map<" + key.Text + ", " + val.Text + ">", Shape: ShapeMap, imports: imports}, nil
	case reflect.Struct:
		rec := m.byType[t]
		if rec == nil {
			return JavaType{}, fmt.Errorf("struct %s was not reached by the walk", t)
		}
		return JavaType{Text: rec.Name}, nil
	case reflect.Interface:
		return JavaType{Text: "Object"}, nil
	}
	return JavaType{}, fmt.Errorf("Go kind %s (%s) has no Java mapping", t.Kind(), t)
}

// goTypeDoc writes a Go type as its source would, qualifying types from other packages
// with their usual import alias.
func goTypeDoc(t reflect.Type, ownPkg string) string {
	if t.Kind() == reflect.Uint8 && t.PkgPath() == "" {
		return "byte" // Go source says []byte, reflect says []uint8
	}
	if t.Name() != "" {
		if t.PkgPath() == "" || t.PkgPath() == ownPkg {
			return t.Name()
		}
		return PackageAlias(t.PkgPath()) + "." + t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + goTypeDoc(t.Elem(), ownPkg)
	case reflect.Slice:
		return "[]" + goTypeDoc(t.Elem(), ownPkg)
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), goTypeDoc(t.Elem(), ownPkg))
	case reflect.Map:
		return "map[" + goTypeDoc(t.Key(), ownPkg) + "]" + goTypeDoc(t.Elem(), ownPkg)
	}
	return strings.ReplaceAll(t.String(), " ", "")
}
