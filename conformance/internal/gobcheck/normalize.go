package gobcheck

import (
	"encoding/gob"
	"fmt"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// NormalizedCopy returns a deep copy of the value v rewritten by Normalize: the value gob
// delivers when v is sent as a top-level value, apart from quantity amounts (see
// GobVisibleDiff). v itself is not changed.
func NormalizedCopy(v any) any {
	if v == nil {
		return nil
	}
	p := reflect.New(reflect.TypeOf(v))
	p.Elem().Set(deepCopy(reflect.ValueOf(v)))
	Normalize(p.Interface())
	return p.Elem().Interface()
}

// deepCopy copies everything gob can see: exported fields, pointers, slices, maps.
// Unexported fields are copied shallowly with their struct.
func deepCopy(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(deepCopy(v.Elem()))
			out.Set(p)
		}
	case reflect.Interface:
		if !v.IsNil() {
			out.Set(deepCopy(v.Elem()))
		}
	case reflect.Slice:
		if !v.IsNil() {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := range v.Len() {
				s.Index(i).Set(deepCopy(v.Index(i)))
			}
			out.Set(s)
		}
	case reflect.Map:
		if !v.IsNil() {
			m := reflect.MakeMapWithSize(v.Type(), v.Len())
			iter := v.MapRange()
			for iter.Next() {
				m.SetMapIndex(iter.Key(), deepCopy(iter.Value()))
			}
			out.Set(m)
		}
	case reflect.Struct:
		out.Set(v)
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
	default:
		out.Set(v)
	}
	return out
}

// Normalize rewrites *target in place into what gob delivers when it is sent:
//   - a pointer to a zero scalar (0, "", false, zero time) is omitted like a nil pointer
//     and decodes as nil;
//   - an empty but non-nil slice or map inside a struct is omitted and decodes as nil.
//
// The top-level value itself is kept as is (gob sends top-level empty maps, unlike empty maps inside structs).
func Normalize(target any) {
	v := reflect.ValueOf(target)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		panic(fmt.Sprintf("Normalize needs a non-nil pointer, got %T", target))
	}
	normalizeChildren(v.Elem())
}

var gobEncoderType = reflect.TypeFor[gob.GobEncoder]()

func omittedByGob(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		// Structs are always sent, except GobEncoders (metav1.Time), which gob omits when zero.
		return (v.Type().Implements(gobEncoderType) || reflect.PointerTo(v.Type()).Implements(gobEncoderType)) && v.IsZero()
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	default:
		return v.IsZero()
	}
}

// normalizeField handles a value stored in a struct field or behind a pointer, where gob
// omits zero values.
func normalizeField(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		normalizeChildren(v.Elem())
		if omittedByGob(v.Elem()) {
			v.SetZero()
		}
	case reflect.Slice, reflect.Map:
		normalizeChildren(v)
		if !v.IsNil() && v.Len() == 0 {
			v.SetZero()
		}
	default:
		normalizeChildren(v)
	}
}

// normalizeChildren descends into a value without changing the value itself.
func normalizeChildren(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[metav1.Time]() {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				normalizeField(v.Field(i))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeChildren(v.Elem())
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		// Elements are sent even when zero, so only their insides need work.
		for i := range v.Len() {
			normalizeChildren(v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			elem := reflect.New(v.Type().Elem()).Elem()
			elem.Set(iter.Value())
			normalizeChildren(elem)
			v.SetMapIndex(iter.Key(), elem)
		}
	}
}
