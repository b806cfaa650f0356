package dev.nn4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.io.BaseEncoding;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The wire format against hand-encoded bytes: the examples of the protocol-buffers encoding guide
 * (150 → {@code 08 96 01}, "testing" → {@code 12 07 74 65 73 74 69 6e 67}, a nested message → {@code 1a 03
 * 08 96 01}) and the edges of varints and fixed-width numbers.
 */
class ProtobufWriterTest {

  private static String hex(ProtobufWriter w) {
    return BaseEncoding.base16().lowerCase().encode(w.toByteArray());
  }

  @ParameterizedTest(name = "varint({0}) = {1}")
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "150, 9601",
    "300, ac02",
    "16383, ff7f",
    "16384, 808001",
    "2097151, ffff7f",
    "2097152, 80808001",
    "2147483647, ffffffff07",
    "4294967295, ffffffff0f",
    "4294967296, 8080808010",
    "9223372036854775807, ffffffffffffffff7f",
    // Negative numbers are 64-bit two's complement, hence always ten bytes.
    "-1, ffffffffffffffffff01",
    "-2, feffffffffffffffff01",
    "-9223372036854775808, 80808080808080808001",
  })
  void encodesVarintsInSevenBitGroupsLeastSignificantFirst(long value, String expected) {
    ProtobufWriter w = new ProtobufWriter();
    w.varint(value);
    assertThat(hex(w)).isEqualTo(expected);
  }

  @Test
  void encodesTheEncodingGuidesExamples() {
    assertThat(hex(new ProtobufWriter().int64(1, 150))).isEqualTo("089601");
    assertThat(hex(new ProtobufWriter().string(2, "testing"))).isEqualTo("120774657374696e67");
    assertThat(hex(new ProtobufWriter().message(3, new ProtobufWriter().int64(1, 150)))).isEqualTo("1a03089601");
  }

  @Test
  void packsInt64sAsVarintsAfterOneKeyAndTheirByteCount() {
    // Field 7 (TensorProto.int64_data), wire type 2: key 0x3a; -1 takes ten bytes, 3 one, 300 two.
    assertThat(hex(new ProtobufWriter().packedInt64(7, new long[] {-1, 3, 300})))
        .isEqualTo("3a0d" + "ffffffffffffffffff01" + "03" + "ac02");
    assertThat(hex(new ProtobufWriter().packedInt64(7, new long[0]))).isEqualTo("3a00");
  }

  @Test
  void encodesKeysOfLargeFieldNumbersAsVarints() {
    // ONNX's AttributeProto.type is field 20: key (20 << 3) | 0 = 160.
    assertThat(hex(new ProtobufWriter().int64(20, 2))).isEqualTo("a00102");
    assertThat(hex(new ProtobufWriter().int64(15, 1))).isEqualTo("7801");
    assertThat(hex(new ProtobufWriter().int64(16, 1))).isEqualTo("800101");
    assertThat(hex(new ProtobufWriter().int64((1 << 29) - 1, 0))).isEqualTo("f8ffffff0f00");
  }

  @Test
  void encodesNegativeInt64FieldsInTenBytes() {
    assertThat(hex(new ProtobufWriter().int64(1, -1))).isEqualTo("08ffffffffffffffffff01");
  }

  @Test
  void encodesFloatsAndDoublesLittleEndian() {
    assertThat(hex(new ProtobufWriter().float32(2, 1.0f))).isEqualTo("150000803f");
    assertThat(hex(new ProtobufWriter().float32(2, -0.0f))).isEqualTo("1500000080");
    assertThat(hex(new ProtobufWriter().float64(1, 1.0))).isEqualTo("09000000000000f03f");
    assertThat(hex(new ProtobufWriter().float64(1, -2.5))).isEqualTo("0900000000000004c0");
  }

  @Test
  void encodesStringsAsUtf8WithTheirByteCount() {
    assertThat(hex(new ProtobufWriter().string(1, ""))).isEqualTo("0a00");
    // "π" is two bytes in UTF-8.
    assertThat(hex(new ProtobufWriter().string(1, "π"))).isEqualTo("0a02cf80");
  }

  @Test
  void packsRepeatedFloatsAndDoublesIntoOneLengthDelimitedField() {
    // ONNX's TensorProto.float_data (4) and double_data (10).
    assertThat(hex(new ProtobufWriter().packedFloat32(4, new double[] {1.0, -2.0}))).isEqualTo("22080000803f000000c0");
    assertThat(hex(new ProtobufWriter().packedFloat64(10, new double[] {0.5}))).isEqualTo("5208000000000000e03f");
    assertThat(hex(new ProtobufWriter().packedFloat32(4, new double[0]))).isEqualTo("2200");
  }

  @Test
  void roundsDoublesToTheNearestFloatInFloatFields() {
    // 0.1 rounds to the float 0x3dcccccd (0.100000001490116...).
    assertThat(hex(new ProtobufWriter().packedFloat32(4, new double[] {0.1}))).isEqualTo("2204cdcccc3d");
  }

  @Test
  void writesTwoByteLengthsOfLongNestedMessages() {
    ProtobufWriter inner = new ProtobufWriter();
    inner.bytes(1, new byte[197]); // key, length 197 (two bytes), 197 bytes: 200 in all
    assertThat(inner.size()).isEqualTo(200);
    ProtobufWriter outer = new ProtobufWriter().message(7, inner);
    assertThat(hex(outer)).startsWith("3ac8010ac501");
    assertThat(outer.size()).isEqualTo(3 + 200);
  }

  @Test
  void growsPastItsInitialCapacityAndWritesTheSameBytesToAStream() throws Exception {
    ProtobufWriter w = new ProtobufWriter(0);
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    w.packedFloat64(10, values);
    assertThat(w.size()).isEqualTo(1 + 2 + 8000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(out);
    assertThat(out.toByteArray()).isEqualTo(w.toByteArray());
  }

  @Test
  void rejectsFieldNumbersOutsideTheProtobufRange() {
    assertThatThrownBy(() -> new ProtobufWriter().int64(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field number in [1, 2^29 - 1], got 0");
    assertThatThrownBy(() -> new ProtobufWriter().int64(1 << 29, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 536870912");
  }
}
