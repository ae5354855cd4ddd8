/**
 * Record-level logic shared by the mappers, without Hadoop: column choice, delimiter parsing and
 * key/value extraction from a line's bytes.
 */
package io.squares.record;
