// The W3C traceparent format the consumer accepts from an input message's header.

#include <gtest/gtest.h>

#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {
namespace {

TEST(Traceparent, TheW3cFormatIsAccepted) {
  EXPECT_TRUE(is_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_TRUE(is_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
}

TEST(Traceparent, AnythingElseIsNot) {
  for (const char* value : {"", "00", "not-a-trace-context",
                            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",    // too long
                            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",     // upper case
                            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",     // zero trace id
                            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",     // zero parent id
                            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // invalid version
                            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",     // separators
                            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01"}) {  // not hex
    EXPECT_FALSE(is_traceparent(value)) << value;
  }
}

}  // namespace
}  // namespace vextrus::kafka
