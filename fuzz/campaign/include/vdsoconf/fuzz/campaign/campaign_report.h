// A campaign as the reports see it: the "fuzzing" section of results.json
// (reports/include/vdsoconf/reports/results.h), from which the HTML report plots coverage and
// exec/s over time.
#pragma once

#include <string>

#include "vdsoconf/fuzz/campaign/campaign.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::fuzz {

// `summary` as a FuzzCampaign: one sample per status line (seconds since the start as the
// campaign received it, cov:, exec/s:), `crashes` the number of distinct findings, `kernel` as
// given (the spec or image path; may be empty). `details` holds the final status, every finding
// (key, class, first line, occurrences, reproducer) and the infrastructure error, if any.
reports::FuzzCampaign ToFuzzCampaign(const CampaignSummary& summary, const std::string& kernel);

}  // namespace vdsoconf::fuzz
