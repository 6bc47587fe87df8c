// Which Debian archive to fetch kernel material from.
//
// vdsoconf never hard-codes a mirror: it uses the one the host's own apt is configured with, so a
// machine behind a local mirror or proxy keeps working. It only reads the host's apt sources;
// it never writes them (the private apt configuration lives in the vdsoconf cache).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace vdsoconf::kernels {

// The archive used when the host's sources name none: Debian's own redirector.
inline constexpr std::string_view kFallbackDebianMirror = "http://deb.debian.org/debian";

// Returns the first Debian main-archive URI in apt source text, in either format: deb822
// ("URIs: http://host/debian", as in *.sources) or one-line ("deb [opts] http://host/debian
// suite comp", as in *.list). A URI counts when its path ends in "/debian" (so
// ".../debian-security" and third-party repositories are skipped). Commented lines are ignored.
// Returns nullopt when there is none. The result has no trailing slash.
std::optional<std::string> DebianMirrorInSourceText(std::string_view text);

// The mirror to use: $VDSOCONF_DEBIAN_MIRROR if set (tests and air-gapped mirrors), else the
// first match in `etc_apt`/sources.list.d/*.sources, *.list and `etc_apt`/sources.list (files
// in name order), else kFallbackDebianMirror. Never throws; unreadable files are skipped.
std::string DebianMirror(const std::filesystem::path& etc_apt = "/etc/apt");

}  // namespace vdsoconf::kernels
