/** Test-only job classes shipped to real clusters in {@code target/squares-tests.jar}. */
package io.squares.testing;
