# Warnings every vdsoconf target is built with: vdsoconf_warnings(target).
function(vdsoconf_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion
                                           -Wnon-virtual-dtor -Wimplicit-fallthrough
                                           -Wno-missing-field-initializers)
endfunction()
