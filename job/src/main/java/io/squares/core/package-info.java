/**
 * The plain-Java core of Squares: exact decimal parsing, exact per-key aggregation, canonical
 * decimal text, delimited-line splitting, UTF-8 validation, the escaping of tab-separated output
 * ({@link io.squares.core.TsvEscape}) and bounded echoes of input in messages ({@link
 * io.squares.core.Echo}); for quantiles, their exact definition ({@link io.squares.core.Quantiles},
 * {@link io.squares.core.QuantileSelection}), an order-preserving byte encoding of exact decimals
 * ({@link io.squares.core.OrderedDecimal}), a byte-budgeted count table ({@link
 * io.squares.core.CountTable}), and sorted runs of a key's values ({@link io.squares.core.SortedRun}):
 * built in a map task's budgeted buffer ({@link io.squares.core.ValueRunBuffer}) and merged on the
 * reduce side in memory or through a spill file ({@link io.squares.core.RunStore}); for approximate
 * quantiles, a deterministic KLL sketch ({@link io.squares.core.KllSketch}) whose coins come from a
 * seed ({@link io.squares.core.SeededCoins}).
 *
 * <p>Nothing here depends on Hadoop. The hot paths ({@link io.squares.core.DecimalParser#parse(byte[],
 * int, int, io.squares.core.ParsedDecimal)}, {@link io.squares.core.ExactStats#add(io.squares.core.ParsedDecimal)},
 * {@link io.squares.core.DelimitedLineParser#split(byte[], int, int)} and the fast path of
 * {@link io.squares.core.DecimalText#appendSquare(io.squares.core.ParsedDecimal, StringBuilder)}) work
 * on reused objects and allocate nothing per record while values stay within machine-word range;
 * beyond it they fall back to {@link java.math.BigInteger} and stay exact.
 */
package io.squares.core;
