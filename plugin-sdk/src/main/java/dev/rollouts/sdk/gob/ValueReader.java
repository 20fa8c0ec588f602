package dev.rollouts.sdk.gob;

import java.io.IOException;

/** Reads one value of a fixed wire type into a fixed Java type; compiled once per decoder. */
@FunctionalInterface
interface ValueReader {
  Object read(GobDecoder decoder) throws IOException;
}
