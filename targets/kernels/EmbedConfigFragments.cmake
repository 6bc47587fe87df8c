# vdsoconf_embed_config_fragments(OUT_VAR DIRECTORY HEADER NAMESPACE FUNCTION)
#
# Compiles an architecture's kernel config fragments (DIRECTORY/*.config) into a C++ source whose
# path is stored in OUT_VAR: NAMESPACE::FUNCTION(), declared in HEADER as
#   const std::map<std::string, std::string>& FUNCTION();
# returns every fragment by file name without ".config" ("6.12.config" -> "6.12") with its exact
# text (KernelArch::fragments). The fragments are data files; they are compiled in so the binary
# never has to find its source tree at run time, and the fragment text that goes into a cache key
# is exactly what builds.
function(vdsoconf_embed_config_fragments out_var directory header cxx_namespace cxx_function)
  file(GLOB fragments CONFIGURE_DEPENDS ${directory}/*.config)
  set(fragment_entries "")
  foreach(fragment ${fragments})
    get_filename_component(fragment_name ${fragment} NAME_WLE)
    file(READ ${fragment} fragment_text)
    string(APPEND fragment_entries "    {\"${fragment_name}\", R\"frag(${fragment_text})frag\"},\n")
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${fragments})
  file(RELATIVE_PATH fragment_dir ${PROJECT_SOURCE_DIR} ${directory})
  set(fragment_header ${header})
  set(fragment_namespace ${cxx_namespace})
  set(fragment_function ${cxx_function})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_fragments.cc)
  configure_file(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embedded_fragments.cc.in ${output} @ONLY)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
